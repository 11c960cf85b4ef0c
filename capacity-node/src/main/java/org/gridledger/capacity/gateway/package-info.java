/**
 * The name-contract gateway: an HTTP/1.1 reverse proxy that serves {@code <name>.<domain>} from the
 * workload whose deployment spec names {@code gateway: <name>} (docs/capacity-node.md, "Gateway").
 * It owns the host-name parsing ({@link org.gridledger.capacity.gateway.GatewayHost}), the routing
 * table the reconciler fills ({@link org.gridledger.capacity.gateway.RoutingTable}) with its
 * per-workload byte counters, and the proxy itself ({@link
 * org.gridledger.capacity.gateway.GatewayProxy}). It reads nothing from the chain: the reconciler
 * decides which names route where.
 */
package org.gridledger.capacity.gateway;
