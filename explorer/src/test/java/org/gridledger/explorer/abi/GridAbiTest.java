package org.gridledger.explorer.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Event definitions and decoding, checked against Web3j's generated bindings (an independent ABI
 * implementation): topic 0 of every event, and logs encoded by Web3j decoded back.
 */
class GridAbiTest {
  private final GridAbi abi = GridAbi.load();

  @Test
  void everyBindingEventHasTheSameTopic0() throws Exception {
    List<Class<?>> bindings =
        List.of(
            TwinRegistry.class,
            FarmRegistry.class,
            NodeRegistry.class,
            PricingPolicy.class,
            Reservations.class,
            Staking.class);
    int checked = 0;
    for (int i = 0; i < bindings.size(); i++) {
      int index = i;
      for (Field f : bindings.get(i).getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == Event.class) {
          Event e = (Event) f.get(null);
          String topic0 = EventEncoder.encode(e);
          EventDefinition def =
              abi.events().stream()
                  .filter(d -> d.contract().equals(GridAbi.CONTRACTS.get(index)))
                  .filter(d -> d.topic0().equals(topic0))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no definition for " + e.getName()));
          assertThat(def.name()).isEqualTo(e.getName());
          assertThat(def.contract()).isEqualTo(GridAbi.CONTRACTS.get(i));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(abi.events().size()).isGreaterThan(50);
  }

  @Test
  void decodesANodeRegisteredLogEncodedByWeb3j() {
    var total =
        new NodeRegistry.Resources(
            BigInteger.valueOf(16), BigInteger.valueOf(1L << 36), BigInteger.TEN, BigInteger.ZERO);
    var location =
        new NodeRegistry.Location(
            "BE", "Ghent", BigInteger.valueOf(51_054_000), BigInteger.valueOf(-3_717_000));
    byte[] key = new byte[32];
    key[31] = 7;
    String data =
        "0x"
            + FunctionEncoder.encodeConstructor(
                List.of(
                    new Uint32(9),
                    new org.web3j.abi.datatypes.Address(
                        "0x00000000000000000000000000000000000000aa"),
                    total,
                    new Bytes32(key),
                    location,
                    new Utf8String("serial-ü")));
    DecodedEvent e =
        abi.decode(
            GridAbi.address(2),
            List.of(
                EventEncoder.encode(NodeRegistry.NODEREGISTERED_EVENT),
                "0x" + TypeEncoder.encode(new Uint32(5)),
                "0x" + TypeEncoder.encode(new Uint32(3))),
            data,
            12,
            4,
            "0x01");
    assertThat(e.name()).isEqualTo("NodeRegistered");
    assertThat(e.longArg("nodeId")).isEqualTo(5);
    assertThat(e.longArg("farmId")).isEqualTo(3);
    assertThat(e.longArg("twinId")).isEqualTo(9);
    assertThat(e.addressArg("account")).isEqualTo(Address.ofLow(0xaa));
    assertThat(e.tupleArg("total"))
        .containsEntry("cru", BigInteger.valueOf(16))
        .containsEntry("mru", BigInteger.valueOf(1L << 36));
    Map<String, Object> loc = e.tupleArg("location");
    assertThat(loc)
        .containsEntry("country", "BE")
        .containsEntry("city", "Ghent")
        .containsEntry("longitudeE6", BigInteger.valueOf(-3_717_000));
    assertThat(e.stringArg("serial")).isEqualTo("serial-ü");
    assertThat(e.bytesArg("x25519Key")).isEqualTo(key);
  }

  @Test
  @SuppressWarnings("unchecked")
  void decodesArraysOfAValidatorSet() {
    String data =
        "0x"
            + FunctionEncoder.encodeConstructor(
                List.of(
                    new org.web3j.abi.datatypes.DynamicArray<>(
                        Uint32.class, new Uint32(1), new Uint32(4)),
                    new org.web3j.abi.datatypes.DynamicArray<>(
                        org.web3j.abi.datatypes.Address.class,
                        new org.web3j.abi.datatypes.Address(
                            "0x00000000000000000000000000000000000000b1"),
                        new org.web3j.abi.datatypes.Address(
                            "0x00000000000000000000000000000000000000b4"))));
    DecodedEvent e =
        abi.decode(
            GridAbi.address(5),
            List.of(
                EventEncoder.encode(Staking.VALIDATORSETELECTED_EVENT),
                "0x" + TypeEncoder.encode(new Uint64(3))),
            data,
            1,
            0,
            "0x02");
    assertThat(e.longArg("epoch")).isEqualTo(3);
    assertThat((List<Object>) e.listArg("candidateIds"))
        .containsExactly(BigInteger.ONE, BigInteger.valueOf(4));
    assertThat((List<Object>) e.listArg("signers"))
        .containsExactly(Address.ofLow(0xb1), Address.ofLow(0xb4));
  }

  @Test
  void foreignLogsAreIgnored() {
    String topic0 = EventEncoder.encode(TwinRegistry.TWINCREATED_EVENT);
    assertThat(
            abi.decode(
                "0x00000000000000000000000000000000000000ff", List.of(topic0), "0x", 1, 0, "0x"))
        .isNull();
    assertThat(abi.decode(GridAbi.address(0), List.of("0x" + "ab".repeat(32)), "0x", 1, 0, "0x"))
        .isNull();
    // The event of another grid contract at this address is not this contract's.
    assertThat(abi.decode(GridAbi.address(1), List.of(topic0), "0x", 1, 0, "0x")).isNull();
  }

  @Test
  void malformedLogsThrowWithWhatAndWhere() {
    String topic0 = EventEncoder.encode(TwinRegistry.TWINRELAYUPDATED_EVENT);
    String twin = "0x" + TypeEncoder.encode(new Uint32(1));
    String good = "0x" + FunctionEncoder.encodeConstructor(List.of(new Utf8String("relay")));
    assertThat(
            abi.decode(GridAbi.address(0), List.of(topic0, twin), good, 1, 0, "0x")
                .stringArg("relay"))
        .isEqualTo("relay");
    List<String> cases = new ArrayList<>();
    cases.add(good.substring(0, good.length() - 64)); // truncated tail
    cases.add("0x" + "ff".repeat(32) + good.substring(66)); // offset far outside
    cases.add("0xzz");
    for (String data : cases) {
      assertThatThrownBy(
              () -> abi.decode(GridAbi.address(0), List.of(topic0, twin), data, 1, 0, "0x"))
          .as(data)
          .isInstanceOf(EventDecodeException.class)
          .hasMessageContaining("TwinRelayUpdated");
    }
    assertThatThrownBy(() -> abi.decode(GridAbi.address(0), List.of(topic0), good, 1, 0, "0x"))
        .isInstanceOf(EventDecodeException.class)
        .hasMessageContaining("0 topics, expected 1");
    String dirtyTwin = "0x" + "01".repeat(32);
    assertThatThrownBy(
            () -> abi.decode(GridAbi.address(0), List.of(topic0, dirtyTwin), good, 1, 0, "0x"))
        .isInstanceOf(EventDecodeException.class)
        .hasMessageContaining("topic 1");
  }
}
