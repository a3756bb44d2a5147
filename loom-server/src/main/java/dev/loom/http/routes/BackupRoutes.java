package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.backup.BackupFileReader;
import dev.loom.backup.BackupFileWriter;
import dev.loom.http.Access;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.spi.BackupCounts;
import java.util.List;

/**
 * Backups over the admin API: a consistent export of the whole store streamed as a backup file, and the import
 * of such a file into this server's store, which must be empty.
 */
public final class BackupRoutes {
    /** The media type of a backup file (JSON Lines). */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    private static final ObjectNode BACKUP_FILE = string().put("description", "A backup file: JSON Lines, a header"
            + " record first and a trailer last");
    private static final ObjectNode COUNT = integer().put("minimum", 0);
    private static final Operation EXPORT = Operation.of("Stream a consistent backup of the whole store as a backup"
                    + " file (JSON Lines)")
            .response(new Operation.Response(200, "The backup file", MEDIA_TYPE, BACKUP_FILE,
                    List.of(new Operation.ResponseHeader("Content-Disposition", true,
                            "`attachment; filename=\"loom-backup.jsonl\"`", string()))))
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation IMPORT = Operation.of("Import a backup file into this server's store, which must be"
                    + " empty (409 otherwise)")
            .body(MEDIA_TYPE, BACKUP_FILE)
            .ok("How many records of each kind were imported", object()
                    .required("imported", object()
                            .required("snapshots", COUNT)
                            .required("journalEntries", COUNT)
                            .required("messages", COUNT)
                            .required("timers", COUNT)
                            .required("idempotencyRecords", COUNT)
                            .required("deadLetters", COUNT)
                            .build())
                    .required("total", COUNT)
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private BackupRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        BackupRoutes r = new BackupRoutes(ctx);
        return List.of(
                Route.get("/api/admin/backup/export", Access.ADMIN, EXPORT, r::export),
                Route.post("/api/admin/backup/import", Access.ADMIN, IMPORT, r::importBackup));
    }

    private ApiResponse export(Call call) {
        return ApiResponse.streamed(MEDIA_TYPE, out -> {
            BackupFileWriter writer = new BackupFileWriter(out);
            ctx.loom().store().backup().export(writer);
            writer.finish();
        }).withHeader("Content-Disposition", "attachment; filename=\"loom-backup.jsonl\"");
    }

    private ApiResponse importBackup(Call call) {
        BackupCounts counts;
        try (BackupFileReader reader = new BackupFileReader(call.bodyStream(), "the uploaded backup")) {
            counts = ctx.loom().store().backup().importFrom(reader);
        }
        // Actors activated before the import hold the empty store's state; they reload it on their next message.
        ctx.loom().clearCache("*");
        ObjectNode body = F.objectNode();
        ObjectNode imported = body.putObject("imported");
        imported.put("snapshots", counts.snapshots());
        imported.put("journalEntries", counts.journalEntries());
        imported.put("messages", counts.messages());
        imported.put("timers", counts.timers());
        imported.put("idempotencyRecords", counts.idempotencyRecords());
        imported.put("deadLetters", counts.deadLetters());
        body.put("total", counts.total());
        return ApiResponse.ok(body);
    }
}
