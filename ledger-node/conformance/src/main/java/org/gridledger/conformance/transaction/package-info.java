/** The TransactionTests suite: decoding, static validation, hash, sender and intrinsic gas. */
package org.gridledger.conformance.transaction;
