/** Turns JMH results into the figures-and-ratios table {@code make bench} prints. */
package org.gridledger.bench.report;
