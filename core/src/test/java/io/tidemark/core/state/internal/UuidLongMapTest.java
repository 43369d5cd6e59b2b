package io.tidemark.core.state.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UuidLongMapTest {

    private record Key(long hi, long lo) {
    }

    /**
     * Random puts, replacements and removals against a {@code HashMap}; keys come from a small pool
     * of few distinct bits so that probe runs collide, wrap around the table's end and are shifted
     * back by removals, and the map grows several times.
     */
    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int operations,
                             @ForAll @IntRange(min = 1, max = 400) int distinctKeys) {
        Random rnd = new Random(seed);
        Key[] pool = new Key[distinctKeys];
        for (int i = 0; i < distinctKeys; i++) {
            pool[i] = i == 0 ? new Key(0, 0) : new Key(rnd.nextInt(4), rnd.nextInt(64)); // includes the nil key
        }
        UuidLongMap map = new UuidLongMap();
        Map<Key, Long> reference = new HashMap<>();
        for (int op = 0; op < operations; op++) {
            Key k = pool[rnd.nextInt(distinctKeys)];
            long value = rnd.nextInt(5) - 2;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    Long previous = reference.put(k, value);
                    assertThat(map.put(k.hi(), k.lo(), value, Long.MIN_VALUE)).isEqualTo(previous == null ? Long.MIN_VALUE : previous);
                }
                case 1 -> assertThat(map.remove(k.hi(), k.lo(), value)).isEqualTo(reference.remove(k, value));
                default -> {
                    Long expected = reference.get(k);
                    assertThat(map.containsKey(k.hi(), k.lo())).isEqualTo(expected != null);
                    assertThat(map.get(k.hi(), k.lo(), 99)).isEqualTo(expected == null ? 99 : expected);
                }
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        long[] his = new long[distinctKeys];
        long[] los = new long[distinctKeys];
        for (int i = 0; i < distinctKeys; i++) {
            his[i] = pool[i].hi();
            los[i] = pool[i].lo();
        }
        long[] batch = new long[distinctKeys];
        map.getAll(his, los, distinctKeys, 99, batch);
        for (int i = 0; i < distinctKeys; i++) {
            Long expected = reference.get(pool[i]);
            assertThat(map.get(pool[i].hi(), pool[i].lo(), 99)).as("%s", pool[i]).isEqualTo(expected == null ? 99 : expected);
            assertThat(batch[i]).as("getAll of %s", pool[i]).isEqualTo(expected == null ? 99 : expected);
        }
    }

    @Test
    void aMillionRandomUuidsComeAndGoInMinuteOrder() {
        // The event-id memory's pattern: insert a minute's ids, remove the oldest minute's.
        Random rnd = new Random(7);
        UuidLongMap map = new UuidLongMap();
        List<long[]> minutes = new java.util.ArrayList<>();
        for (int minute = 0; minute < 20; minute++) {
            long[] ids = new long[100_000];
            for (int i = 0; i < ids.length; i += 2) {
                ids[i] = rnd.nextLong();
                ids[i + 1] = rnd.nextLong();
                map.put(ids[i], ids[i + 1], minute, -1);
            }
            minutes.add(ids);
            if (minute >= 12) {
                long[] old = minutes.get(minute - 12);
                for (int i = 0; i < old.length; i += 2) {
                    assertThat(map.remove(old[i], old[i + 1], minute - 12)).isTrue();
                }
            }
        }
        assertThat(map.size()).isEqualTo(12 * 50_000);
        long[] kept = minutes.get(19);
        long[] gone = minutes.get(7);
        assertThat(map.get(kept[10], kept[11], -1)).isEqualTo(19);
        assertThat(map.containsKey(gone[10], gone[11])).isFalse();
    }

    @Test
    void removeOnlyRemovesTheGivenValue() {
        UuidLongMap map = new UuidLongMap(1);
        map.put(1, 2, 3, -1);

        assertThat(map.remove(1, 2, 4)).isFalse();
        assertThat(map.get(1, 2, -1)).isEqualTo(3);
        assertThat(map.remove(1, 2, 3)).isTrue();
        assertThat(map.size()).isZero();
        assertThat(map.containsKey(1, 2)).isFalse();
    }
}
