package org.gridledger.explorer.abi;

import java.util.List;
import org.gridledger.genesis.abi.AbiType;

/**
 * One parameter of an event or a tuple component: its name, ABI type, whether it is an indexed
 * topic, and (for tuples and arrays of tuples) the named components.
 */
public record EventParam(String name, AbiType type, boolean indexed, List<EventParam> components) {
  public EventParam {
    components = List.copyOf(components);
  }
}
