/**
 * The query API ({@code /api/...}, JSON, OpenAPI document at {@code /api/openapi.json}), the
 * live-update stream ({@code /api/live}, server-sent events) and the static web page at {@code /},
 * all served by one Vert.x HTTP server over the indexed database.
 */
package org.gridledger.explorer.api;
