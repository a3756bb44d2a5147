package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shares differ by at most one and add up to the partition count, whichever node computes them. */
class LeaseKeeperShareTest {
    private static final List<String> NODES = List.of("node-0", "node-1", "node-2");

    @Test
    void sixtyFourPartitionsOverThreeNodesAre22And21And21() {
        assertThat(NODES.stream().map(id -> LeaseKeeper.share(id, NODES, 64)).toList()).containsExactly(22, 21, 21);
    }

    @Test
    void sharesAddUpForEveryCountOfNodesAndPartitions() {
        for (int partitions : new int[] {1, 7, 12, 64, 100}) {
            for (int n = 1; n <= 9; n++) {
                List<String> members = IntStream.range(0, n).mapToObj(i -> "n" + i).toList();
                int p = partitions;
                List<Integer> shares = members.stream().map(id -> LeaseKeeper.share(id, members, p)).toList();
                assertThat(shares.stream().mapToInt(Integer::intValue).sum()).as("%d over %d", p, n).isEqualTo(p);
                assertThat(shares.stream().mapToInt(Integer::intValue).max().orElseThrow()
                        - shares.stream().mapToInt(Integer::intValue).min().orElseThrow()).as("%d over %d", p, n)
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aNodeMissingFromTheMembersCountsItself() {
        assertThat(LeaseKeeper.share("node-3", NODES, 64)).isEqualTo(16);
    }
}
