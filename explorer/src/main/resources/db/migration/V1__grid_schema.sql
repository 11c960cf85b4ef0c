-- The explorer's tables. Portable SQL (SQLite and PostgreSQL): BIGINT/INTEGER/VARCHAR/BOOLEAN only,
-- no AUTOINCREMENT/SERIAL, no upsert syntax. Amounts of wei (up to 2^256) are decimal strings.

-- One row: the last block whose events are in the tables (written in the same transaction).
CREATE TABLE indexer_state (
  id INTEGER PRIMARY KEY,
  last_block BIGINT NOT NULL,
  last_hash VARCHAR(66) NOT NULL
);

-- Chain parameters read once with eth_call (the genesis initialised them without events).
CREATE TABLE chain_params (
  name VARCHAR(64) PRIMARY KEY,
  val VARCHAR(80) NOT NULL
);

CREATE TABLE blocks (
  number BIGINT PRIMARY KEY,
  hash VARCHAR(66) NOT NULL,
  parent_hash VARCHAR(66) NOT NULL,
  timestamp BIGINT NOT NULL,
  tx_count INTEGER NOT NULL,
  gas_used BIGINT NOT NULL,
  event_count INTEGER NOT NULL
);

CREATE TABLE transactions (
  hash VARCHAR(66) PRIMARY KEY,
  block_number BIGINT NOT NULL,
  tx_index INTEGER NOT NULL,
  from_address VARCHAR(42) NOT NULL,
  to_address VARCHAR(42),
  value_wei VARCHAR(80) NOT NULL
);
CREATE INDEX transactions_block ON transactions (block_number);

CREATE TABLE twins (
  id BIGINT PRIMARY KEY,
  account VARCHAR(42) NOT NULL,
  x25519_key VARCHAR(66) NOT NULL,
  relay VARCHAR(512) NOT NULL,
  created_at BIGINT NOT NULL,
  created_block BIGINT NOT NULL
);
CREATE INDEX twins_account ON twins (account);

CREATE TABLE farms (
  id BIGINT PRIMARY KEY,
  twin_id BIGINT NOT NULL,
  name VARCHAR(64) NOT NULL,
  pricing_policy_id BIGINT NOT NULL,
  payout VARCHAR(42) NOT NULL,
  certified BOOLEAN NOT NULL,
  created_block BIGINT NOT NULL
);
CREATE INDEX farms_twin ON farms (twin_id);

CREATE TABLE public_ips (
  farm_id BIGINT NOT NULL,
  ip_id BIGINT NOT NULL,
  ip VARCHAR(15) NOT NULL,
  prefix_length INTEGER NOT NULL,
  gateway VARCHAR(15) NOT NULL,
  contract_id BIGINT NOT NULL,
  removed BOOLEAN NOT NULL,
  PRIMARY KEY (farm_id, ip_id)
);

CREATE TABLE nodes (
  id BIGINT PRIMARY KEY,
  farm_id BIGINT NOT NULL,
  twin_id BIGINT NOT NULL,
  account VARCHAR(42) NOT NULL,
  approved BOOLEAN NOT NULL,
  banned BOOLEAN NOT NULL,
  power INTEGER NOT NULL,
  total_cru BIGINT NOT NULL,
  total_mru BIGINT NOT NULL,
  total_sru BIGINT NOT NULL,
  total_hru BIGINT NOT NULL,
  used_cru BIGINT NOT NULL,
  used_mru BIGINT NOT NULL,
  used_sru BIGINT NOT NULL,
  used_hru BIGINT NOT NULL,
  free_cru BIGINT NOT NULL,
  free_mru BIGINT NOT NULL,
  free_sru BIGINT NOT NULL,
  free_hru BIGINT NOT NULL,
  x25519_key VARCHAR(66) NOT NULL,
  country VARCHAR(256) NOT NULL,
  city VARCHAR(256) NOT NULL,
  latitude_e6 INTEGER NOT NULL,
  longitude_e6 INTEGER NOT NULL,
  serial VARCHAR(256) NOT NULL,
  registered_at BIGINT NOT NULL,
  last_uptime_report BIGINT NOT NULL,
  uptime BIGINT NOT NULL,
  cumulative_downtime BIGINT NOT NULL,
  rent_contract_id BIGINT NOT NULL,
  rented_by_twin BIGINT NOT NULL,
  active_contracts BIGINT NOT NULL,
  created_block BIGINT NOT NULL,
  updated_block BIGINT NOT NULL
);
CREATE INDEX nodes_farm ON nodes (farm_id);
CREATE INDEX nodes_country ON nodes (country);
CREATE INDEX nodes_free_cru ON nodes (free_cru, id);
CREATE INDEX nodes_free_mru ON nodes (free_mru, id);
CREATE INDEX nodes_free_sru ON nodes (free_sru, id);
CREATE INDEX nodes_free_hru ON nodes (free_hru, id);

-- kind: 0 node, 1 rent, 2 name; state: 1 created, 2 grace period, 3 deleted (Reservations enums).
CREATE TABLE contracts (
  id BIGINT PRIMARY KEY,
  kind INTEGER NOT NULL,
  state INTEGER NOT NULL,
  twin_id BIGINT NOT NULL,
  owner VARCHAR(42) NOT NULL,
  node_id BIGINT NOT NULL,
  farm_id BIGINT NOT NULL,
  name VARCHAR(64),
  cru BIGINT NOT NULL,
  mru BIGINT NOT NULL,
  sru BIGINT NOT NULL,
  hru BIGINT NOT NULL,
  deployment_hash VARCHAR(66) NOT NULL,
  public_ip_count INTEGER NOT NULL,
  rate_per_hour VARCHAR(80) NOT NULL,
  escrow VARCHAR(80) NOT NULL,
  billing BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  last_settled_at BIGINT NOT NULL,
  grace_started_at BIGINT NOT NULL,
  delete_reason INTEGER,
  refund VARCHAR(80),
  created_block BIGINT NOT NULL,
  updated_block BIGINT NOT NULL
);
CREATE INDEX contracts_twin ON contracts (twin_id, id);
CREATE INDEX contracts_node ON contracts (node_id, id);
CREATE INDEX contracts_state ON contracts (state, id);

-- Every grid event, decoded (JSON), keyed by its place in the chain: the contracts' history.
CREATE TABLE events (
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash VARCHAR(66) NOT NULL,
  contract_name VARCHAR(32) NOT NULL,
  event_name VARCHAR(64) NOT NULL,
  contract_id BIGINT,
  node_id BIGINT,
  args VARCHAR(20000) NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX events_contract ON events (contract_id);
CREATE INDEX events_node ON events (node_id);

CREATE TABLE candidates (
  id BIGINT PRIMARY KEY,
  operator VARCHAR(42) NOT NULL,
  signer VARCHAR(42) NOT NULL,
  commission_bps INTEGER NOT NULL,
  jailed BOOLEAN NOT NULL,
  listed BOOLEAN NOT NULL,
  bonded_stake VARCHAR(80) NOT NULL,
  registered_block BIGINT NOT NULL
);

CREATE TABLE validator_sets (
  epoch BIGINT NOT NULL,
  position INTEGER NOT NULL,
  candidate_id BIGINT NOT NULL,
  signer VARCHAR(42) NOT NULL,
  PRIMARY KEY (epoch, position)
);

-- Grid statistics after each block that changed the grid.
CREATE TABLE stats (
  block_number BIGINT PRIMARY KEY,
  timestamp BIGINT NOT NULL,
  twins BIGINT NOT NULL,
  farms BIGINT NOT NULL,
  nodes BIGINT NOT NULL,
  countries BIGINT NOT NULL,
  total_cru BIGINT NOT NULL,
  total_mru BIGINT NOT NULL,
  total_sru BIGINT NOT NULL,
  total_hru BIGINT NOT NULL,
  used_cru BIGINT NOT NULL,
  used_mru BIGINT NOT NULL,
  used_sru BIGINT NOT NULL,
  used_hru BIGINT NOT NULL,
  contracts_created BIGINT NOT NULL,
  contracts_grace BIGINT NOT NULL,
  contracts_deleted BIGINT NOT NULL
);
