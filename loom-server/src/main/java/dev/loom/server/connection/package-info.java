/**
 * How the HTTP listener reads connections before Helidon's HTTP/1.1 code sees them: {@link
 * dev.loom.server.connection.ProtocolSelector} sends connections that begin with an HTTP/1.0 request line to
 * {@link dev.loom.server.connection.Http10Connection}, which frames each HTTP/1.0 request itself and hands it to
 * Helidon as an isolated HTTP/1.1 request; every other connection goes to Helidon's HTTP/1.1 connection unchanged.
 */
package dev.loom.server.connection;
