package io.mihari.agent.file;

import io.mihari.agent.config.AgentConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code mihari.agent.files}: optional, read into watches, bad entries refused naming the key. */
class FileWatchConfigTest {

    static AgentConfig config(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("mihari.agent.tenant", "kurashiki",
                "mihari.agent.system", "hokenfukushi"));
        properties.putAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AgentConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(AgentConfig.class);
    }

    @Test
    void noFilesIsNoWatch() {
        assertThat(FileWatcher.from(config(Map.of()).files())).isEmpty();
    }

    @Test
    void filesAreReadIntoWatches() {
        List<FileWatcher.Watch> watches = FileWatcher.from(config(Map.of(
                "mihari.agent.files[0].name", "juki-to-fukushi",
                "mihari.agent.files[0].pattern", "/data/renkei/in/IDO_*.csv",
                "mihari.agent.files[0].checksum", "sha256",
                "mihari.agent.files[1].name", "kokuho",
                "mihari.agent.files[1].pattern", "/data/renkei/in/KOKUHO_????.txt")).files());

        assertThat(watches).containsExactly(
                new FileWatcher.Watch("juki-to-fukushi", Path.of("/data/renkei/in"), "IDO_*.csv", true),
                new FileWatcher.Watch("kokuho", Path.of("/data/renkei/in"), "KOKUHO_????.txt", false));
    }

    @Test
    void badEntriesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> FileWatcher.from(config(Map.of("mihari.agent.files[0].name", "a",
                "mihari.agent.files[0].pattern", "/in/*/x.csv")).files()))
                .hasMessage("invalid configuration: mihari.agent.files[0].pattern: '/in/*/x.csv' may have wildcards in"
                        + " the file name only (one directory is watched, without recursion)");
        assertThatThrownBy(() -> FileWatcher.from(config(Map.of("mihari.agent.files[0].name", "a",
                "mihari.agent.files[0].pattern", "/in/x.csv", "mihari.agent.files[0].checksum", "md5")).files()))
                .hasMessage("invalid configuration: mihari.agent.files[0].checksum: unknown 'md5' (sha256)");
        assertThatThrownBy(() -> FileWatcher.from(config(Map.of("mihari.agent.files[0].name", "a b",
                "mihari.agent.files[0].pattern", "/in/x.csv")).files()))
                .hasMessageStartingWith("invalid configuration: mihari.agent.files[0].name");
    }
}
