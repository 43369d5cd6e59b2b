package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

import java.util.Objects;

/**
 * Invokes the sweeper every minute. Lambda runs only when records arrive, so without this an idle
 * stream would never advance its watermark, finalize windows or fire cart timers (docs/spec.md §3).
 */
public final class SweeperSchedule extends Construct {

    public static final Duration RATE = Duration.minutes(1);

    public record Props(IFunction sweeper) {
        public Props {
            Objects.requireNonNull(sweeper, "sweeper");
        }
    }

    public SweeperSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        Rule.Builder.create(this, "Rule")
                .description("Tidemark sweeper: advance idle watermarks, fire due timers")
                .schedule(Schedule.rate(RATE))
                .targets(java.util.List.of(LambdaFunction.Builder.create(props.sweeper())
                        // A tick older than the next one is worthless.
                        .maxEventAge(Duration.minutes(1))
                        .retryAttempts(2)
                        .build()))
                .build();
    }
}
