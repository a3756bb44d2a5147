package dev.loom.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The server's routes, and how a request's method and path resolve against them. A request's path is split into
 * segments once and compared only with the templates of as many segments: resolution runs on every request.
 */
public final class RouteTable {
    private final List<Route> routes;
    /** The routes by their templates' segment count. */
    private final List<List<Route>> bySegments;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        List<List<Route>> index = new ArrayList<>();
        for (Route r : this.routes) {
            int n = r.template().segments().size();
            while (index.size() <= n) {
                index.add(new ArrayList<>());
            }
            index.get(n).add(r);
        }
        this.bySegments = index.stream().map(List::copyOf).toList();
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

    /** Every route, in the order given. */
    public List<Route> routes() {
        return routes;
    }

    public Resolution resolve(String method, String path) {
        Optional<String[]> segments = RouteTemplate.segmentsOf(path);
        if (segments.isEmpty() || segments.get().length >= bySegments.size()) {
            return new NoRoute();
        }
        String[] parts = segments.get();
        TreeSet<String> allowed = null;
        Matched best = null;
        for (Route r : bySegments.get(parts.length)) {
            Optional<Map<String, String>> params = r.template().match(parts);
            if (params.isEmpty()) {
                continue;
            }
            if (r.method().equals(method)) {
                // A literal segment wins over a parameter at the same place (e.g. /dead-letters/redrive vs /{id}).
                if (best == null || params.get().size() < best.params().size()) {
                    best = new Matched(r, params.get());
                }
            } else {
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.add(r.method());
            }
        }
        if (best != null) {
            return best;
        }
        return allowed == null ? new NoRoute() : new WrongMethod(allowed);
    }
}
