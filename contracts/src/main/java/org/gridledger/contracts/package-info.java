/**
 * The compiled grid contracts as data: {@link org.gridledger.contracts.ContractArtifact} reads the
 * artifacts committed under {@code contracts/build/} (shipped in this jar) for tools that place the
 * contracts themselves, such as the genesis builder.
 */
package org.gridledger.contracts;
