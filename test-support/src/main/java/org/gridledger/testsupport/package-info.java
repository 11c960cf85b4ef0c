/**
 * Helpers for tests that need a running Gridledger chain: {@link
 * org.gridledger.testsupport.DevNode} starts {@code gridledger dev} as a real process. Used in test
 * scope only.
 */
package org.gridledger.testsupport;
