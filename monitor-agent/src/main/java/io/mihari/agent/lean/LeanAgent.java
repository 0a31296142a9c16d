package io.mihari.agent.lean;

import io.mihari.agent.cli.RunCommand;
import io.mihari.agent.ship.AgentRuntime;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent daemon ({@code run}) without the Quarkus runtime: the same classes, configuration and behaviour as
 * {@code java -jar quarkus-run.jar run}, started by a plain {@code main} so that neither ArC, Vert.x, Netty nor
 * Mutiny is loaded (a smaller resident set on every municipal server, issue 16; see deploy/agent/README.md):
 *
 * <pre>
 * java -Dquarkus.config.locations=/etc/mihari/agent.yaml \
 *      -cp '/opt/mihari-agent/lib/boot/*:/opt/mihari-agent/lib/main/*:/opt/mihari-agent/app/*' \
 *      io.mihari.agent.lean.LeanAgent run
 * </pre>
 *
 * <p>Only the daemon runs here; the short-lived commands ({@code exec}, {@code report}, {@code status},
 * {@code check}, {@code spool-key}) stay on {@code java -jar quarkus-run.jar}, whose start-up cost they pay once.
 * Configuration is read as Quarkus reads it ({@link LeanConfig}): a bad key stops the agent with a message naming
 * it (exit 1). SIGTERM (a service stop) ends the schedules, closes the shipper and the spool, and the JVM exits 143
 * (130 after Ctrl-C on Windows).
 */
public final class LeanAgent {

    /**
     * How long a service stop waits for the agent to stop its schedules, its shipping loop (a send in flight ends
     * within the producer's timeouts) and its spool before the JVM goes anyway: just under the unit's
     * TimeoutStopSec (40 s). The spool loses nothing either way (every append is on disk before it is acknowledged).
     */
    private static final long STOP_WAIT_SECONDS = 38;

    private LeanAgent() {
    }

    public static void main(String[] args) {
        LeanLogging.install(); // before any logger is made (jboss-logging, Kafka's slf4j)
        int code = run(args);
        if (!stopping) {
            System.exit(code);
        }
        // else a service stop: the JVM is already shutting down (exit would block), and ends once the hook returns
    }

    /** Set by the shutdown hook: the JVM is stopping (SIGTERM, Ctrl-C). */
    private static volatile boolean stopping;

    static int run(String[] args) {
        if (args.length == 1 && ("-h".equals(args[0]) || "--help".equals(args[0]))) {
            System.out.println(usage());
            return 0;
        }
        if (args.length != 1 || !"run".equals(args[0])) {
            System.err.println("this launcher runs the daemon only (" + String.join(" ", args) + ")\n" + usage());
            return 2;
        }
        LeanConfig config;
        try {
            config = LeanConfig.load();
        } catch (RuntimeException e) {
            System.err.println("mihari-agent: invalid configuration: " + LeanConfig.explain(e));
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping = true;
            stop.countDown();
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mihari-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        AgentRuntime runtime = AgentRuntime.of(config.agent(), config.bootstrapServers(), Clock.systemUTC());
        try {
            return RunCommand.on(runtime).runUntil(stop::await);
        } catch (IllegalArgumentException e) {
            // a setting the agent checks itself (a check, the spool, its key file): the message names it
            System.err.println("mihari-agent: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("mihari-agent: stopped by " + e);
            e.printStackTrace();
            return 1;
        } finally {
            try {
                runtime.close();
            } catch (Exception e) {
                System.err.println("mihari-agent: closing the spool failed: " + e);
            }
            stopped.countDown();
        }
    }

    private static String usage() {
        return "usage: java [-Dquarkus.config.locations=agent.yaml] -cp 'lib/boot/*:lib/main/*:app/*' "
                + LeanAgent.class.getName() + " run\n"
                + "  runs the agent daemon without the Quarkus runtime; every other command (exec, report, status,"
                + " check, spool-key) is `java -jar quarkus-run.jar <command>`";
    }
}
