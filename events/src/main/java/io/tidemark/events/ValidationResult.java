package io.tidemark.events;

import java.util.List;
import java.util.stream.Collectors;

/** What {@link EventValidator} made of one record: a valid {@link Event} or every problem found. */
public sealed interface ValidationResult {

    boolean isValid();

    /** One line for logs and quarantine: {@code ok} or every problem, separated by {@code ; }. */
    String summary();

    record Valid(Event event) implements ValidationResult {
        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String summary() {
            return "ok";
        }
    }

    record Invalid(List<Problem> problems) implements ValidationResult {
        public Invalid {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid record has at least one problem");
            }
            problems = List.copyOf(problems);
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public String summary() {
            return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }
}
