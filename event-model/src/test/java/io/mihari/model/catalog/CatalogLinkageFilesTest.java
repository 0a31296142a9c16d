package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service's linkage files 連携ファイル ({@code files:}): read, defaulted, refused with key paths. */
class CatalogLinkageFilesTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String withFiles(String files) throws Exception {
        try (InputStream in = CatalogLinkageFilesTest.class.getResourceAsStream("/catalog/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "    files:\n" + files;
        }
    }

    private static void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void filesAreReadWithTheJobsVocabularyAndDefaults() throws Exception {
        Service service = load(withFiles("""
                      - {name: juki-to-fukushi, host: krs-juki-db1, pattern: "/data/renkei/out/IDO_*.csv",
                         schedule: "0 6 * * *", on: businessDays, minBytes: 10, checksum: sha256}
                      - {name: plain, host: krs-juki-ap1, pattern: 'D:\\renkei\\in\\KOJIN_????.txt',
                         schedule: "0 7 * * *", shift: nextBusinessDay}
                """)).service("kurashiki-juki").orElseThrow();

        LinkageFile renkei = service.file("kurashiki/krs-juki-db1", "juki-to-fukushi").orElseThrow();
        assertThat(renkei).isEqualTo(new LinkageFile("juki-to-fukushi", "kurashiki/krs-juki-db1",
                "/data/renkei/out/IDO_*.csv", "0 6 * * *", TOKYO, BatchDays.BUSINESS_DAYS, BatchShift.NONE,
                BusinessCalendar.JAPAN, 10, LinkageFile.SHA256));
        LinkageFile plain = service.file("kurashiki/krs-juki-ap1", "plain").orElseThrow();
        assertThat(plain.minBytes()).isEqualTo(1);
        assertThat(plain.checksum()).isNull();
        assertThat(plain.shift()).isEqualTo(BatchShift.NEXT_BUSINESS_DAY);
        assertThat(plain.pattern()).isEqualTo("D:\\renkei\\in\\KOJIN_????.txt");
    }

    @Test
    void deadlinesFollowTheBusinessCalendarAsJobsDo() throws Exception {
        LinkageFile file = load(withFiles("""
                      - {name: juki-to-fukushi, host: krs-juki-db1, pattern: "/data/renkei/out/IDO_*.csv",
                         schedule: "0 6 * * *", on: businessDays}
                """)).service("kurashiki-juki").orElseThrow().files().get(0);

        // Saturday 2027-01-09 → the next deadline is Tuesday 01-12 06:00: 01-10 is a Sunday, 01-11 成人の日
        assertThat(BatchSchedules.next(file.deadlines(), Instant.parse("2027-01-09T00:00:00Z")))
                .contains(Instant.parse("2027-01-11T21:00:00Z"));
    }

    @Test
    void badValuesAreRefusedWithTheirKeyPath() throws Exception {
        assertProblems(withFiles("""
                      - {name: a, host: krs-juki-db1, pattern: "renkei/IDO_*.csv", schedule: "0 6 * * *"}
                      - {name: b, host: krs-juki-db1, pattern: "/data/*/IDO.csv", schedule: "0 6 * * *"}
                      - {name: c, host: krs-juki-db1, pattern: "/data/IDO.csv"}
                      - {name: d, host: krs-juki-db1, pattern: "/data/IDO.csv", schedule: "0 6 * * *", minBytes: -1}
                      - {name: e, host: krs-juki-db1, pattern: "/data/IDO.csv", schedule: "0 6 * * *", checksum: md5}
                      - {name: f, host: krs-juki-db1, pattern: "/data/IDO.csv", schedule: "0 6 * * *", on: holidays}
                      - {name: g, host: nowhere, pattern: "/data/IDO.csv", schedule: "0 6 * * *"}
                      - {name: g2, host: krs-juki-db1, schedule: "0 6 * * *"}
                      - {name: h, host: krs-juki-db1, pattern: "/data/IDO.csv", schedule: "0 6 31 2 *"}
                      - {name: h, host: krs-juki-db1, pattern: "/data/IDO2.csv", schedule: "0 6 * * *", size: 1}
                """),
                "services[0].files[0].pattern: 'renkei/IDO_*.csv' must be an absolute path (e.g."
                        + " /data/renkei/out/IDO_*.csv)",
                "services[0].files[1].pattern: '/data/*/IDO.csv' may have wildcards in the file name only (one"
                        + " directory is watched, without recursion)",
                "services[0].files[2].schedule: is required (by when the file must be there, e.g. \"0 6 * * *\")",
                "services[0].files[3].minBytes: must not be negative, was -1",
                "services[0].files[4].checksum: unknown 'md5' (sha256: a sidecar <file>.sha256 holds the digest)",
                "services[0].files[5].on: unknown 'holidays' (everyDay, businessDays, afterBusinessDays,"
                        + " lastBusinessDay or {businessDay: N})",
                "services[0].files[6].host: 'nowhere' is not a target of service kurashiki-juki (targets:"
                        + " krs-juki-ap1, krs-juki-ap2, krs-juki-db1)",
                "services[0].files[7].pattern: is required (e.g. /data/renkei/out/IDO_*.csv)",
                "services[0].files[9].name: duplicate file 'h' on host krs-juki-db1",
                "services[0].files[9].size: unknown key (known keys: name, host, pattern, schedule, timeZone, on,"
                        + " shift, minBytes, checksum)");
    }

    @Test
    void aScheduleThatNeverFiresIsRefused() throws Exception {
        assertThat(BatchSchedules.problems(load(withFiles("""
                      - {name: h, host: krs-juki-db1, pattern: "/data/IDO.csv", schedule: "0 6 31 2 *"}
                """)))).containsExactly("services[0].files[0].schedule: '0 6 31 2 *' never matches a date");
    }

    @Test
    void theSampleCatalogsExpectTheJukiToFukushiFile() {
        for (Path path : new Path[] {Path.of("..", "deploy", "catalog", "sample-catalog.yaml"),
                Path.of("..", "deploy", "kubernetes", "base", "config", "catalog.yaml")}) {
            LinkageFile file = CatalogLoader.load(path).service("kurashiki-hokenfukushi").orElseThrow()
                    .file("kurashiki/krs-hf-db1", "juki-to-fukushi").orElseThrow();
            assertThat(file.checksum()).isEqualTo(LinkageFile.SHA256);
            assertThat(file.on()).isEqualTo(BatchDays.EVERY_DAY);
        }
    }
}
