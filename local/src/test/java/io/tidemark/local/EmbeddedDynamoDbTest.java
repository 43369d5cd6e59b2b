package io.tidemark.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDynamoDbTest {

    @Test
    void conditionalPutSucceedsOnceAndReportsConsumedCapacity() {
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start()) {
            var client = dynamo.client();
            client.createTable(b -> b.tableName("embedded-test").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            PutItemRequest put = PutItemRequest.builder().tableName("embedded-test")
                    .item(Map.of("pk", AttributeValue.fromS("order#o1")))
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            assertThat(client.putItem(put).consumedCapacity().capacityUnits()).isEqualTo(1.0);
            assertThatThrownBy(() -> client.putItem(put)).isInstanceOf(ConditionalCheckFailedException.class);
        }
    }

    @Test
    void aMissingNativeLibraryIsExplainedNotAHang() {
        String previous = System.getProperty(EmbeddedDynamoDb.LIBRARY_PATH_PROPERTY);
        System.setProperty(EmbeddedDynamoDb.LIBRARY_PATH_PROPERTY, "/nonexistent/native");
        try {
            assertThatThrownBy(EmbeddedDynamoDb::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("libsqlite4java-linux-amd64.so")
                    .hasMessageContaining("/nonexistent/native");
        } finally {
            System.setProperty(EmbeddedDynamoDb.LIBRARY_PATH_PROPERTY, previous);
        }
    }
}
