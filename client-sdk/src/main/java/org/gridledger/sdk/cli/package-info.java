/**
 * The {@code grid} command line (picocli): accounts, twins, farms, node search, deployments, rent
 * and name contracts, contracts, audits and pricing over {@link org.gridledger.sdk.GridClient};
 * {@code --json} for scripts; the exit codes of docs/user-guide.md.
 */
package org.gridledger.sdk.cli;
