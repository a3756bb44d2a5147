package dev.loom.pipeline;

/**
 * Why a task, a stage or a run failed.
 *
 * @param stage   the stage it happened in, or {@code null}
 * @param taskId  the task, or {@code null} when not about one task (a rejection, a timeout of an approval)
 * @param type    a class name, or a reason such as {@code timeout}, {@code rejected}, {@code dead-lettered}
 * @param message details, or {@code null}
 */
public record RunError(String stage, String taskId, String type, String message) {
}
