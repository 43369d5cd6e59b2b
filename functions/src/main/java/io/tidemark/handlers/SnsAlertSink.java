package io.tidemark.handlers;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;
import java.util.Objects;

/** Publishes each alert to the alerts topic: JSON body, message attributes {@code alert_type} and {@code user_id}. */
public final class SnsAlertSink implements AlertSink {

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void publish(AlertMessage alert) {
        sns.publish(b -> b.topicArn(topicArn).message(alert.toJson()).messageAttributes(Map.of(
                "alert_type", MessageAttributeValue.builder().dataType("String").stringValue(alert.alertType()).build(),
                "user_id", MessageAttributeValue.builder().dataType("String").stringValue(alert.userId()).build())));
    }
}
