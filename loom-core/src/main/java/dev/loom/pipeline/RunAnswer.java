package dev.loom.pipeline;

/**
 * The run actor's answer to an operation.
 *
 * @param refusal why the operation was refused (nothing changed), or {@code null} when it was applied
 * @param status  the run's status after the operation ({@code null} when the run does not exist)
 */
public record RunAnswer(String refusal, RunStatus status) {
    static RunAnswer applied(RunStatus status) {
        return new RunAnswer(null, status);
    }

    static RunAnswer refused(String why, RunStatus status) {
        return new RunAnswer(why, status);
    }
}
