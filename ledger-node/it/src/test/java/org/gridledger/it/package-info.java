/**
 * Integration tests of {@code gridledger dev} run as a real child process: independent Ethereum
 * clients (web3j, ethers, viem, cast) against its JSON-RPC, and the SIGKILL crash test of its data
 * directory. Helpers: {@link org.gridledger.it.DevNode} (the child process), {@link
 * org.gridledger.it.ExternalTool} (a client run as a process), {@link org.gridledger.it.JsonRpc}
 * (plain JSON-RPC over HTTP) and {@link org.gridledger.it.ProbeContract} (the committed test
 * contract).
 */
package org.gridledger.it;
