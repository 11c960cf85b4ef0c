/** Gas rules shared by the interpreter and the transaction checks of {@code core}. */
package org.gridledger.evm.gas;
