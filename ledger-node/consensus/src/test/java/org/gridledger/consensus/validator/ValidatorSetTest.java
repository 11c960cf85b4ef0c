package org.gridledger.consensus.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.gridledger.evm.types.Address;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {
  private static final Address A = Address.ofLow(1);
  private static final Address B = Address.ofLow(2);
  private static final Address C = Address.ofLow(3);
  private static final Address D = Address.ofLow(4);

  @Test
  void quorumIsMoreThanTwoThirdsOfTheWeight() {
    ValidatorSet s =
        new ValidatorSet(
            List.of(
                new Validator(A, BigInteger.valueOf(3)),
                new Validator(B, BigInteger.valueOf(2)),
                new Validator(C, BigInteger.valueOf(2)),
                new Validator(D, BigInteger.valueOf(1))));
    assertThat(s.totalWeight()).isEqualTo(BigInteger.valueOf(8));
    assertThat(s.isQuorum(List.of(A, B, D))).isTrue(); // 6 of 8
    assertThat(s.isQuorum(List.of(B, C, D))).isFalse(); // 5 of 8
    assertThat(s.isQuorum(List.of(A, A, A, B))).isFalse(); // duplicates count once: 5
    assertThat(s.isQuorum(List.of(A, B, Address.ofLow(99)))).isFalse(); // outsiders weigh 0
    assertThat(s.isWeakQuorum(List.of(A))).isTrue(); // 3 of 8 > 1/3
    assertThat(s.isWeakQuorum(List.of(B))).isFalse(); // 2 of 8
  }

  @Test
  void proposersRotateRoundRobinOverHeightPlusRound() {
    ValidatorSet s = ValidatorSet.equalWeights(List.of(A, B, C, D));
    assertThat(s.proposer(0, 0)).isEqualTo(A);
    assertThat(s.proposer(1, 0)).isEqualTo(B);
    assertThat(s.proposer(1, 1)).isEqualTo(C);
    assertThat(s.proposer(3, 2)).isEqualTo(B);
    assertThat(s.proposer(Long.MAX_VALUE, Integer.MAX_VALUE)).isNotNull();
  }

  @Test
  void setsMustBeNonEmptyWithoutDuplicatesAndPositiveWeights() {
    assertThatThrownBy(() -> new ValidatorSet(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidatorSet.equalWeights(List.of(A, A)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Validator(A, BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
