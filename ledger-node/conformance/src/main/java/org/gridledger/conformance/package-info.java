/**
 * The conformance runner: reads any directory laid out like ethereum/tests, runs each vector of a
 * suite against our implementation and reports {@code <suite>: N passed, M failed}. Suites plug in
 * through {@link org.gridledger.conformance.ConformanceSuite}; the same cases run as JUnit dynamic
 * tests in {@code make test} and from the {@code make conformance} command line.
 */
package org.gridledger.conformance;
