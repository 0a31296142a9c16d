package io.mihari.testsupport;

/** Where the tests' Kafka, OpenSearch and SMTP server run; {@link InfraChoice#mode()} picks one per JVM. */
public enum InfraMode {

    /** Kafka and GreenMail inside the test JVM, OpenSearch as a child process from its Maven Central distribution. */
    LOCAL {
        @Override
        TestKafka startKafka() {
            return KafkaBroker.start();
        }

        @Override
        TestOpenSearch launchOpenSearch() {
            return OpenSearchNode.launch();
        }

        @Override
        TestMailServer startMail() {
            return MailServer.start();
        }
    },

    /** Each of the three in its own container, started by Testcontainers. */
    CONTAINERS {
        @Override
        TestKafka startKafka() {
            return KafkaContainerBroker.start();
        }

        @Override
        TestOpenSearch launchOpenSearch() {
            return OpenSearchContainerNode.launch();
        }

        @Override
        TestMailServer startMail() {
            return GreenMailContainer.start();
        }
    };

    abstract TestKafka startKafka();

    /** Starts OpenSearch without waiting for it: {@link TestOpenSearch#awaitReady()} does. */
    abstract TestOpenSearch launchOpenSearch();

    abstract TestMailServer startMail();
}
