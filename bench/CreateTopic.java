import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.FileInputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * For bench/agent.sh on the secure stack: makes a city's event topic (as alert-service does at start), logged in with
 * the stack's admin client config, since an agent may write the topic but not create it. Run with the single-file
 * launcher: {@code java -cp "monitor-agent/target/quarkus-app/lib/main/*" bench/CreateTopic.java <admin.properties> <topic>}.
 */
public class CreateTopic {
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        try (FileInputStream in = new FileInputStream(args[0])) {
            config.load(in);
        }
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(args[1], 6, (short) 1))).all().get();
            System.err.println("created topic " + args[1]);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
