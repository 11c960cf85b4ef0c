/**
 * Deployment specs (docs/deployment-spec.md): the YAML/JSON format a user writes, its strict
 * validation with precise errors (field path, what is wrong, the fix), and the canonical JSON form
 * that is hashed and encrypted to the node.
 */
package org.gridledger.sdk.spec;
