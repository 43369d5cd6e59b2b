package io.tidemark.infra;

import software.amazon.awscdk.Stack;

/** Every cdk-nag suppression of the stack, each with the reason it is acceptable. Filled from the findings. */
final class NagSuppressionsForStack {

    private NagSuppressionsForStack() {
    }

    static void apply(Stack stack) {
    }
}
