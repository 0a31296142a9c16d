package io.mihari.alert.detect;

import io.mihari.alert.incident.ProblemWords;
import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.catalog.BatchDays;
import io.mihari.model.catalog.BatchShift;
import io.mihari.model.catalog.LinkageFile;
import io.mihari.model.event.FileArrival;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Linkage files 連携ファイル: missing at the deadline on the business calendar, empty, twice, bad checksum. */
class FileMonitorTest {

    static final String DB1 = "kurashiki/krs-hf-db1";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final String KEY = "kurashiki/krs-hf-db1|BATCH|file:juki-to-fukushi";

    final FileMonitor monitor = new FileMonitor();

    static LinkageFile file(BatchDays on) {
        return new LinkageFile("juki-to-fukushi", DB1, "/data/renkei/in/IDO_*.csv", "0 6 * * *", TOKYO, on,
                BatchShift.NONE, BusinessCalendar.JAPAN, 1, LinkageFile.SHA256);
    }

    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    static FileArrival arrival(String name, long size, Instant modified, Boolean checksumOk) {
        return new FileArrival("juki-to-fukushi", "/data/renkei/in/" + name, size, modified,
                checksumOk == null ? null : "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                checksumOk, checksumOk == Boolean.FALSE ? "sidecar " + name + ".sha256 holds another digest" : null);
    }

    /** The agent saw the file 40 s after it was last written. */
    List<Alert> arrive(LinkageFile file, String name, long size, Instant written, Boolean checksumOk) {
        return monitor.onArrival(DB1, Optional.of(file), arrival(name, size, written, checksumOk),
                written.plusSeconds(40));
    }

    /** Evaluates every minute from {@code from} (exclusive) to {@code to} (inclusive), collecting the alerts. */
    List<Alert> everyMinute(LinkageFile file, Instant from, Instant to) {
        List<Alert> alerts = new ArrayList<>();
        for (Instant now = from.plus(Duration.ofMinutes(1)); !now.isAfter(to); now = now.plus(Duration.ofMinutes(1))) {
            alerts.addAll(monitor.evaluate(now, List.of(file)));
        }
        return alerts;
    }

    @Test
    void aMissingFileAlertsAtItsDeadlineOnABusinessDayAndNotOnAHoliday() {
        LinkageFile file = file(BatchDays.BUSINESS_DAYS);
        monitor.evaluate(tokyo("2027-01-08T07:00"), List.of(file)); // Friday: watching begins
        // Tuesday 01-12's file comes (its window began at Friday's deadline); Monday 01-11 is 成人の日
        assertThat(arrive(file, "IDO_20270112.csv", 52_431, tokyo("2027-01-12T05:10"), true)).isEmpty();

        assertThat(everyMinute(file, tokyo("2027-01-08T07:00"), tokyo("2027-01-12T23:59")))
                .as("nothing due on the weekend or on 成人の日, and 01-12's file is there").isEmpty();
        assertThat(everyMinute(file, tokyo("2027-01-12T23:59"), tokyo("2027-01-13T06:01"))).isEmpty();

        List<Alert> alerts = monitor.evaluate(tokyo("2027-01-13T06:02"), List.of(file));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.kind()).isEqualTo(AlertKind.BATCH);
            assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_MISSING);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(Instant.parse("2027-01-12T21:00:00Z")); // 2027-01-13 06:00 JST exactly
            assertThat(a.facts()).containsEntry(Alert.SCHEDULED, "2027-01-12T21:00:00Z")
                    .containsEntry(Alert.CALENDAR, "on: businessDays");
        });
        ProblemWords.Text text = ProblemWords.alert(alerts.get(0));
        assertThat(text.ja()).isEqualTo("kurashiki/krs-hf-db1 の連携ファイル juki-to-fukushi（/data/renkei/in/IDO_*.csv）"
                + "が期限（2027/01/13 06:00:00、on: businessDays）までに届いていません");
        assertThat(text.en()).isEqualTo("linkage file juki-to-fukushi (/data/renkei/in/IDO_*.csv) did not arrive on"
                + " kurashiki/krs-hf-db1 by its deadline (2027/01/13 06:00:00 JST, on: businessDays)");
        assertThat(everyMinute(file, tokyo("2027-01-13T06:02"), tokyo("2027-01-14T06:30")))
                .as("one alert for a file that keeps not coming").isEmpty();
    }

    @Test
    void onPlainCronTheSameFileWouldBeMissedOnTheHoliday() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        monitor.evaluate(tokyo("2027-01-09T07:00"), List.of(file)); // 01-10's window began before: not judged

        assertThat(everyMinute(file, tokyo("2027-01-09T07:00"), tokyo("2027-01-11T06:02")))
                .extracting(Alert::cause, Alert::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FileMonitor.CAUSE_MISSING,
                        tokyo("2027-01-11T06:00")));
    }

    @Test
    void nothingIsJudgedForTheWindowAcrossTheStartOfWatching() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        // watching begins at 05:00 (e.g. a restart): a file of 01-12 may have come at 01:00, before it
        assertThat(everyMinute(file, tokyo("2027-01-12T04:59"), tokyo("2027-01-12T06:30"))).isEmpty();
        assertThat(everyMinute(file, tokyo("2027-01-12T06:30"), tokyo("2027-01-13T06:02")))
                .extracting(Alert::at).containsExactly(tokyo("2027-01-13T06:00"));
    }

    @Test
    void aFileWrittenJustBeforeItsDeadlineAndSeenJustAfterCountsAndALateFileResolves() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        monitor.evaluate(tokyo("2027-01-11T12:00"), List.of(file));
        // written 05:59:50, seen by the agent at 06:00:30, judged at 06:02
        assertThat(arrive(file, "IDO_20270112.csv", 100, tokyo("2027-01-12T05:59:50"), true)).isEmpty();
        assertThat(everyMinute(file, tokyo("2027-01-12T05:59"), tokyo("2027-01-12T06:10"))).isEmpty();

        List<Alert> missed = everyMinute(file, tokyo("2027-01-12T06:10"), tokyo("2027-01-13T06:02"));
        assertThat(missed).extracting(Alert::cause).containsExactly(FileMonitor.CAUSE_MISSING);
        List<Alert> late = arrive(file, "IDO_20270113.csv", 100, tokyo("2027-01-13T09:15"), true);

        assertThat(late).singleElement().satisfies(a -> {
            assertThat(a.firing()).isFalse();
            assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_ARRIVED);
            assertThat(a.at()).isEqualTo(tokyo("2027-01-13T09:15:40"));
        });
        assertThat(ProblemWords.alert(late.get(0)).ja())
                .isEqualTo("kurashiki/krs-hf-db1 の連携ファイル juki-to-fukushi が届きました（/data/renkei/in/IDO_20270113.csv）");
        // the late file counted for the missed window: 01-14's own file is not a duplicate
        assertThat(arrive(file, "IDO_20270114.csv", 100, tokyo("2027-01-14T05:00"), true)).isEmpty();
        assertThat(everyMinute(file, tokyo("2027-01-13T09:20"), tokyo("2027-01-14T06:05"))).isEmpty();
    }

    @Test
    void anEmptyFileAlertsAtItsArrivalAndAGoodResendResolves() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        monitor.evaluate(tokyo("2027-01-11T12:00"), List.of(file));

        List<Alert> empty = arrive(file, "IDO_20270112.csv", 0, tokyo("2027-01-12T05:00"), true);
        assertThat(empty).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_EMPTY);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.at()).isEqualTo(tokyo("2027-01-12T05:00:40"));
            assertThat(a.key()).isEqualTo(KEY);
        });
        assertThat(ProblemWords.alert(empty.get(0)).en()).isEqualTo("linkage file juki-to-fukushi on"
                + " kurashiki/krs-hf-db1 arrived empty (0 bytes, at least 1, /data/renkei/in/IDO_20270112.csv)");
        // the corrected file, re-sent: not a duplicate, it resolves
        List<Alert> resent = arrive(file, "IDO_20270112.csv", 52_431, tokyo("2027-01-12T05:20"), true);
        assertThat(resent).extracting(Alert::cause, Alert::firing)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FileMonitor.CAUSE_ARRIVED, false));
        assertThat(everyMinute(file, tokyo("2027-01-12T05:30"), tokyo("2027-01-12T06:30"))).isEmpty();
    }

    @Test
    void aSecondFileInOneWindowIsADuplicateWarningAndAReplayIsNot() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        monitor.evaluate(tokyo("2027-01-11T12:00"), List.of(file));
        FileArrival first = arrival("IDO_20270112.csv", 100, tokyo("2027-01-12T05:00"), true);

        assertThat(monitor.onArrival(DB1, Optional.of(file), first, tokyo("2027-01-12T05:00:40"))).isEmpty();
        assertThat(monitor.onArrival(DB1, Optional.of(file), first, tokyo("2027-01-12T05:00:40")))
                .as("a replay").isEmpty();
        List<Alert> second = arrive(file, "IDO_20270112_2.csv", 100, tokyo("2027-01-12T05:30"), true);

        assertThat(second).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_DUPLICATE);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.at()).isEqualTo(tokyo("2027-01-12T05:30:40"));
        });
        assertThat(ProblemWords.alert(second.get(0)).ja()).isEqualTo("kurashiki/krs-hf-db1 の連携ファイル"
                + " juki-to-fukushi が同じ期限に二重に届きました（/data/renkei/in/IDO_20270112_2.csv）");
        // the next window's file resolves it
        assertThat(arrive(file, "IDO_20270113.csv", 100, tokyo("2027-01-13T05:00"), true))
                .extracting(Alert::cause).containsExactly(FileMonitor.CAUSE_ARRIVED);
    }

    @Test
    void aChecksumMismatchIsMajorAtTheArrival() {
        LinkageFile file = file(BatchDays.EVERY_DAY);
        monitor.evaluate(tokyo("2027-01-11T12:00"), List.of(file));

        List<Alert> bad = arrive(file, "IDO_20270112.csv", 100, tokyo("2027-01-12T05:00"), false);

        assertThat(bad).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_CHECKSUM_MISMATCH);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.at()).isEqualTo(tokyo("2027-01-12T05:00:40"));
        });
        assertThat(ProblemWords.alert(bad.get(0)).ja()).isEqualTo("kurashiki/krs-hf-db1 の連携ファイル juki-to-fukushi"
                + " のチェックサムが一致しません（/data/renkei/in/IDO_20270112.csv、sidecar IDO_20270112.csv.sha256"
                + " holds another digest）");
        assertThat(everyMinute(file, tokyo("2027-01-12T05:01"), tokyo("2027-01-12T06:30")))
                .as("it arrived, though broken: not also missing").isEmpty();
    }

    @Test
    void aFileTheCatalogDoesNotListSaysNothing() {
        assertThat(monitor.onArrival(DB1, Optional.empty(), arrival("x.csv", 0, tokyo("2027-01-12T05:00"), false),
                tokyo("2027-01-12T05:00:40"))).isEmpty();
    }

    @Test
    void anOldModificationTimeCountsAsSeenNotAsWritten() {
        // copied with its old time kept (rsync -a): it arrived when the agent saw it
        FileArrival copied = arrival("IDO.csv", 10, tokyo("2027-01-01T00:00"), null);
        assertThat(FileMonitor.arrivedAt(copied, tokyo("2027-01-12T05:00"))).isEqualTo(tokyo("2027-01-12T05:00"));
        FileArrival fresh = arrival("IDO.csv", 10, tokyo("2027-01-12T04:59"), null);
        assertThat(FileMonitor.arrivedAt(fresh, tokyo("2027-01-12T05:00"))).isEqualTo(tokyo("2027-01-12T04:59"));
    }

    @Test
    void afterARestartTheLastJudgedDeadlineIsFoundOnTheBusinessCalendar() {
        LinkageFile file = file(BatchDays.BUSINESS_DAYS);

        // Tuesday 2027-01-12 05:00: the last deadline was Friday 01-08 06:00 (01-09..01-11: weekend, 成人の日)
        assertThat(FileMonitor.lastJudged(file, tokyo("2027-01-12T05:00"))).contains(tokyo("2027-01-08T06:00"));
        // 2 minutes after a deadline it counts as judged; a second before, not yet
        assertThat(FileMonitor.lastJudged(file, tokyo("2027-01-13T06:02"))).contains(tokyo("2027-01-13T06:00"));
        assertThat(FileMonitor.lastJudged(file, tokyo("2027-01-13T06:01:59"))).contains(tokyo("2027-01-12T06:00"));
    }

    @Test
    void aFileStoredBeforeARestartCountsForItsWindowAndAMissingOneIsJudgedAcrossTheRestart() {
        LinkageFile file = file(BatchDays.BUSINESS_DAYS);
        Instant restart = tokyo("2027-01-13T05:30");
        Instant lastJudged = tokyo("2027-01-12T06:00");
        FileArrival stored = arrival("IDO_20270113.csv", 52_431, tokyo("2027-01-13T05:10"), true);

        FileMonitor withFile = new FileMonitor();
        withFile.restore(DB1, file, Optional.of(lastJudged),
                List.of(new FileMonitor.Arrival(stored, tokyo("2027-01-13T05:10:40"))));
        FileMonitor without = new FileMonitor();
        without.restore(DB1, file, Optional.of(lastJudged), List.of());

        assertThat(withFile.evaluate(restart, List.of(file))).isEmpty();
        assertThat(withFile.evaluate(tokyo("2027-01-13T06:02"), List.of(file))).as("it arrived before the restart")
                .isEmpty();
        assertThat(without.evaluate(restart, List.of(file))).isEmpty();
        assertThat(without.evaluate(tokyo("2027-01-13T06:01:59"), List.of(file))).isEmpty();
        assertThat(without.evaluate(tokyo("2027-01-13T06:02"), List.of(file))).singleElement()
                .satisfies(a -> {
                    assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_MISSING);
                    assertThat(a.at()).isEqualTo(tokyo("2027-01-13T06:00"));
                });
    }

    @Test
    void aSecondFileAfterARestartIsADuplicateButTheStoredOneDeliveredAgainIsNot() {
        LinkageFile file = file(BatchDays.BUSINESS_DAYS);
        FileArrival stored = arrival("IDO_20270113.csv", 52_431, tokyo("2027-01-13T05:10"), true);
        monitor.restore(DB1, file, Optional.of(tokyo("2027-01-12T06:00")),
                List.of(new FileMonitor.Arrival(stored, tokyo("2027-01-13T05:10:40"))));
        monitor.evaluate(tokyo("2027-01-13T05:30"), List.of(file));

        assertThat(monitor.onArrival(DB1, Optional.of(file), stored, tokyo("2027-01-13T05:10:40")))
                .as("the same arrival read again from the topic").isEmpty();
        assertThat(arrive(file, "IDO_20270113_2.csv", 52_431, tokyo("2027-01-13T05:40"), true)).singleElement()
                .satisfies(a -> {
                    assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_DUPLICATE);
                    assertThat(a.at()).isEqualTo(tokyo("2027-01-13T05:40:40"));
                });
    }

    @Test
    void aYearlyFileIsRestoredFromLastYearsDeadlineAndJudgedThisYear() {
        LinkageFile yearly = new LinkageFile("juki-to-fukushi", DB1, "/data/renkei/in/IDO_*.csv", "0 6 1 4 *", TOKYO,
                BatchDays.EVERY_DAY, BatchShift.NONE, BusinessCalendar.JAPAN, 1, null);

        Optional<Instant> last = FileMonitor.lastJudged(yearly, tokyo("2027-03-01T00:00"));
        assertThat(last).contains(tokyo("2026-04-01T06:00"));
        monitor.restore(DB1, yearly, last, List.of());
        assertThat(monitor.evaluate(tokyo("2027-03-01T00:00"), List.of(yearly))).isEmpty();
        assertThat(everyMinute(yearly, tokyo("2027-04-01T05:58"), tokyo("2027-04-01T06:02"))).singleElement()
                .satisfies(a -> {
                    assertThat(a.cause()).isEqualTo(FileMonitor.CAUSE_MISSING);
                    assertThat(a.at()).isEqualTo(tokyo("2027-04-01T06:00"));
                });
    }

    @Test
    void withoutADeadlineInTheLast400DaysARestoredFileIsWatchedAsANewOne() {
        LinkageFile leapDay = new LinkageFile("juki-to-fukushi", DB1, "/data/renkei/in/IDO_*.csv", "0 6 29 2 *", TOKYO,
                BatchDays.EVERY_DAY, BatchShift.NONE, BusinessCalendar.JAPAN, 1, null);

        assertThat(FileMonitor.lastJudged(leapDay, tokyo("2027-03-01T00:00"))).as("2024-02-29 is too long ago")
                .isEmpty();
        monitor.restore(DB1, leapDay, Optional.empty(), List.of());
        assertThat(monitor.evaluate(tokyo("2027-03-01T00:00"), List.of(leapDay))).isEmpty();
        assertThat(everyMinute(leapDay, tokyo("2028-02-29T05:58"), tokyo("2028-02-29T06:02")))
                .as("its window began before watching: not known, not judged").isEmpty();
    }
}
