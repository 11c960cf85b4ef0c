/**
 * The Gridledger client: {@link org.gridledger.sdk.GridClient} talks to any node over JSON-RPC to
 * register twins and farms, search nodes, price, create, watch, top up, update, cancel and settle
 * node contracts, rent whole nodes, reserve gateway names, and read a deployment back as its owner,
 * with typed errors ({@link org.gridledger.sdk.GridException}) that say what to do. Node search can
 * go through a Grid Explorer's API ({@link org.gridledger.sdk.ExplorerNodeSearch}) and falls back
 * to the contract views.
 */
package org.gridledger.sdk;
