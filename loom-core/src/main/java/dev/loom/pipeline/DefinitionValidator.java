package dev.loom.pipeline;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.InvalidActorRefException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds what is wrong with a definition; every problem names its stage and field. */
final class DefinitionValidator {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final PipelineDefinition def;
    private final Map<String, ? extends Collection<String>> catalog;
    private final List<DefinitionProblem> problems = new ArrayList<>();
    private final Map<String, Stage> byName = new LinkedHashMap<>();

    DefinitionValidator(PipelineDefinition def, Map<String, ? extends Collection<String>> catalog) {
        this.def = def;
        this.catalog = catalog;
    }

    List<DefinitionProblem> problems() {
        if (def.name() == null || !NAME.matcher(def.name()).matches()) {
            problem(null, "name", "expected 1-64 characters [a-z0-9._-] starting with a letter, got '" + def.name() + "'");
        }
        if (def.version() < 1) {
            problem(null, "version", "must be at least 1, got " + def.version());
        }
        if (def.stages().isEmpty()) {
            problem(null, "stages", "a pipeline needs at least one stage");
        }
        for (Stage s : def.stages()) {
            if (!STAGE_NAME.matcher(s.name()).matches()) {
                problem(s.name(), "name", "expected 1-64 characters [a-z0-9_-] starting with a letter");
            }
            if (byName.putIfAbsent(s.name(), s) != null) {
                problem(s.name(), "name", "two stages have this name");
            }
        }
        for (Stage s : def.stages()) {
            checkDependencies(s);
        }
        if (findCycle()) {
            return List.copyOf(problems);
        }
        for (Stage s : byName.values()) {
            checkStage(s, ancestors(s));
        }
        return List.copyOf(problems);
    }

    private void checkDependencies(Stage s) {
        Set<String> seen = new HashSet<>();
        for (String d : s.dependsOn()) {
            if (!byName.containsKey(d)) {
                problem(s.name(), "dependsOn", "unknown stage '" + d + "'");
            } else if (d.equals(s.name())) {
                problem(s.name(), "dependsOn", "a stage cannot depend on itself");
            } else if (!seen.add(d)) {
                problem(s.name(), "dependsOn", "stage '" + d + "' is listed twice");
            }
        }
    }

    /** Reports one stage on each cycle; true when there is one (later checks need a DAG). */
    private boolean findCycle() {
        Map<String, Integer> mark = new HashMap<>();
        boolean found = false;
        for (String s : byName.keySet()) {
            found |= visit(s, mark, new ArrayList<>());
        }
        return found;
    }

    private boolean visit(String stage, Map<String, Integer> mark, List<String> path) {
        Integer m = mark.get(stage);
        if (m != null) {
            if (m == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(stage), path.size()));
                cycle.add(stage);
                problem(stage, "dependsOn", "cycle: " + String.join(" -> ", cycle));
                return true;
            }
            return false;
        }
        mark.put(stage, 1);
        path.add(stage);
        boolean found = false;
        for (String d : byName.get(stage).dependsOn()) {
            if (byName.containsKey(d) && !d.equals(stage)) {
                found |= visit(d, mark, path);
            }
        }
        path.removeLast();
        mark.put(stage, 2);
        return found;
    }

    private Set<String> ancestors(Stage s) {
        Set<String> out = new HashSet<>();
        List<String> todo = new ArrayList<>(s.dependsOn());
        while (!todo.isEmpty()) {
            String d = todo.removeLast();
            if (byName.containsKey(d) && out.add(d)) {
                todo.addAll(byName.get(d).dependsOn());
            }
        }
        return out;
    }

    private void checkStage(Stage s, Set<String> upstream) {
        StageOptions o = s.options();
        if (o.condition() != null) {
            checkPointer(s, "options.condition", o.condition(), upstream, false);
        }
        if (o.breaker() != null && !NAME.matcher(o.breaker()).matches()) {
            problem(s.name(), "options.breaker", "expected 1-64 characters [a-z0-9._-] starting with a letter");
        }
        if (o.compensation() != null) {
            Set<String> withSelf = new HashSet<>(upstream);
            withSelf.add(s.name());
            checkTask(s, "options.compensation", o.compensation(), withSelf, false);
        }
        switch (s) {
            case SingleStage single -> checkTask(s, "task", single.task(), upstream, false);
            case ScatterStage scatter -> {
                checkValue(s, "items", scatter.items(), upstream, false);
                if (!scatter.items().isPointer() && !scatter.items().literal().isArray()) {
                    problem(s.name(), "items", "a literal must be a JSON array");
                }
                checkTask(s, "task", scatter.task(), upstream, true);
            }
            case BroadcastStage broadcast -> {
                checkValue(s, "actorIds", broadcast.actorIds(), upstream, false);
                if (!broadcast.actorIds().isPointer() && !broadcast.actorIds().literal().isArray()) {
                    problem(s.name(), "actorIds", "a literal must be a JSON array of actor ids");
                }
                checkActorAndMessage(s, "", broadcast.actorType(), broadcast.messageType());
                broadcast.input().forEach((f, v) -> checkValue(s, "input." + f, v, upstream, false));
            }
            case ForkJoinStage forkJoin -> {
                if (forkJoin.branches().isEmpty()) {
                    problem(s.name(), "branches", "a fork-join needs at least one branch");
                }
                forkJoin.branches().forEach((b, t) -> checkTask(s, "branches." + b, t, upstream, false));
            }
            case GatherStage gather -> {
                if (gather.dependsOn().isEmpty()) {
                    problem(s.name(), "dependsOn", "a gather needs at least one stage to gather");
                }
                if (gather.mode() == GatherStage.Mode.N_OF_M
                        && (gather.count() < 1 || gather.count() > gather.dependsOn().size())) {
                    problem(s.name(), "count", "must be between 1 and " + gather.dependsOn().size()
                            + " (its dependencies), got " + gather.count());
                }
                noTaskOptions(s, "a gather sends no task");
            }
            case ApprovalStage approval -> {
                if (approval.onTimeout() == ApprovalStage.OnTimeout.ESCALATE && approval.escalation() == null) {
                    problem(s.name(), "escalation", "onTimeout ESCALATE needs an escalation task");
                }
                if (approval.onTimeout() != ApprovalStage.OnTimeout.ESCALATE && approval.escalation() != null) {
                    problem(s.name(), "escalation", "an escalation task needs onTimeout ESCALATE");
                }
                if (approval.onTimeout() != ApprovalStage.OnTimeout.REJECT && o.timeout() == null) {
                    problem(s.name(), "options.timeout", "onTimeout " + approval.onTimeout() + " needs a timeout");
                }
                if (approval.escalation() != null) {
                    checkTask(s, "escalation", approval.escalation(), upstream, false);
                }
                if (o.retry() != null || o.breaker() != null) {
                    problem(s.name(), o.retry() != null ? "options.retry" : "options.breaker",
                            "a human-approval stage sends no task to retry or guard");
                }
            }
        }
    }

    private void noTaskOptions(Stage s, String why) {
        StageOptions o = s.options();
        if (o.retry() != null) {
            problem(s.name(), "options.retry", why);
        }
        if (o.timeout() != null) {
            problem(s.name(), "options.timeout", why);
        }
        if (o.breaker() != null) {
            problem(s.name(), "options.breaker", why);
        }
    }

    private void checkTask(Stage s, String field, Task t, Set<String> upstream, boolean inScatter) {
        checkActorAndMessage(s, field + ".", t.actorType(), t.messageType());
        checkValue(s, field + ".actorId", t.actorId(), upstream, inScatter);
        if (!t.actorId().isPointer()) {
            JsonNode id = t.actorId().literal();
            try {
                if (!(id.isTextual() || id.isIntegralNumber())) {
                    throw new InvalidActorRefException("an actor id must be a string or an integer");
                }
                ActorRef.of(t.actorType(), id.asText());
            } catch (InvalidActorRefException e) {
                problem(s.name(), field + ".actorId", e.getMessage());
            }
        }
        t.input().forEach((f, v) -> checkValue(s, field + ".input." + f, v, upstream, inScatter));
    }

    private void checkActorAndMessage(Stage s, String prefix, String actorType, String messageType) {
        if (catalog == null) {
            return;
        }
        Collection<String> messages = catalog.get(actorType);
        if (messages == null) {
            problem(s.name(), prefix + "actorType", "unknown actor type '" + actorType + "'; registered: "
                    + new java.util.TreeSet<>(catalog.keySet()));
        } else if (!messages.contains(messageType)) {
            problem(s.name(), prefix + "messageType", "actor type '" + actorType + "' has no message type '"
                    + messageType + "'; it has " + messages);
        }
    }

    private void checkValue(Stage s, String field, Value v, Set<String> upstream, boolean inScatter) {
        if (v.isPointer()) {
            checkPointer(s, field, v.pointer(), upstream, inScatter);
        }
    }

    private void checkPointer(Stage s, String field, String pointer, Set<String> upstream, boolean inScatter) {
        JsonPointer p;
        try {
            p = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            problem(s.name(), field, "'" + pointer + "' is not a JSON Pointer: " + e.getMessage());
            return;
        }
        String root = p.getMatchingProperty();
        switch (root == null ? "" : root) {
            case "input" -> { }
            case "item", "index" -> {
                if (!inScatter) {
                    problem(s.name(), field, "'" + pointer + "': /" + root + " exists only in a scatter stage's task");
                }
            }
            case "stages" -> {
                JsonPointer rest = p.tail();
                String stage = rest == null ? null : rest.getMatchingProperty();
                JsonPointer after = rest == null ? null : rest.tail();
                if (stage == null || after == null || !"output".equals(after.getMatchingProperty())) {
                    problem(s.name(), field, "'" + pointer + "': expected /stages/<stage>/output...");
                } else if (!byName.containsKey(stage)) {
                    problem(s.name(), field, "'" + pointer + "': unknown stage '" + stage + "'");
                } else if (!upstream.contains(stage)) {
                    problem(s.name(), field, "'" + pointer + "': stage '" + stage
                            + "' is not upstream of this stage (add it to dependsOn)");
                }
            }
            default -> problem(s.name(), field, "'" + pointer
                    + "' is not bound: a pointer starts with /input or /stages/<stage>/output");
        }
    }

    private void problem(String stage, String field, String message) {
        problems.add(new DefinitionProblem(stage, field, message));
    }
}
