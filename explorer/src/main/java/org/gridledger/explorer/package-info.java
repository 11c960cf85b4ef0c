/**
 * The {@code gridledger-explorer} executable: wires the indexer, the database and the HTTP server
 * ({@link org.gridledger.explorer.Explorer}) and parses the command line ({@link
 * org.gridledger.explorer.ExplorerCommand}).
 */
package org.gridledger.explorer;
