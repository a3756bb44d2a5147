package dev.loom.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The server's routes, and how a request's method and path resolve against them. */
public record RouteTable(List<Route> routes) {
    public RouteTable {
        routes = List.copyOf(routes);
    }

    /** What a request resolves to. */
    public sealed interface Resolution {
    }

    /** A route matched. */
    public record Matched(Route route, Map<String, String> params) implements Resolution {
    }

    /** The path exists, but not for this method. */
    public record WrongMethod(TreeSet<String> allowed) implements Resolution {
    }

    /** No route has this path. */
    public record NoRoute() implements Resolution {
    }

    public Resolution resolve(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        Optional<Matched> best = Optional.empty();
        for (Route r : routes) {
            Optional<Map<String, String>> params = r.template().match(path);
            if (params.isEmpty()) {
                continue;
            }
            if (r.method().equals(method)) {
                // A literal segment wins over a parameter at the same place (e.g. /dead-letters/redrive vs /{id}).
                if (best.isEmpty() || params.get().size() < best.get().params().size()) {
                    best = Optional.of(new Matched(r, params.get()));
                }
            } else {
                allowed.add(r.method());
            }
        }
        if (best.isPresent()) {
            return best.get();
        }
        return allowed.isEmpty() ? new NoRoute() : new WrongMethod(allowed);
    }
}
