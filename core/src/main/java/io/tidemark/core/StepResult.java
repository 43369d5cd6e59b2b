package io.tidemark.core;

import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.StepLog;

/**
 * The outcome of a step.
 *
 * @param state   the shard's state after the step (the same object as the input state, updated)
 * @param effects what to write after the commit
 * @param log     the step's logged inputs: commit it ({@code StepLogCodec}) before writing effects
 */
public record StepResult(ShardState state, StepEffects effects, StepLog log) {
}
