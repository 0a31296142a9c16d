package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one place where what Mihari saw and did becomes words for people, in Japanese and English: the texts of
 * problems (alerts), incident titles, timeline lines and times. The incident document stores them
 * ({@code titleJa}/{@code titleEn}, each timeline line's {@code ja}/{@code en}) and the mails are written from the
 * same methods, so the first report's 検知内容 and the dashboard's incident page say the same.
 *
 * <p>Times are Japan time, written {@code 2026/12/06 12:25:43} (English adds {@code JST}); never raw ISO instants.
 * Machine names (LIVENESS, BATCH_FAILED, VENDOR …) never appear in the texts; host names, job, check and mount
 * names, and what an agent or a person wrote, appear as they are.
 */
public final class ProblemWords {

    /** A text in both languages. */
    public record Text(String ja, String en) {

        public String in(boolean japanese) {
            return japanese ? ja : en;
        }
    }

    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(JST);
    /** An ISO-8601 instant inside a text, e.g. {@code 2026-12-06T03:25:43.165082049Z}. */
    private static final Pattern ISO_INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

    private ProblemWords() {
    }

    // ---- times ----

    /** {@code 2026/12/06 12:25:43} (Japanese) or {@code 2026/12/06 12:25:43 JST} (English). */
    public static String time(Instant at, boolean ja) {
        return at == null ? "-" : TIME.format(at) + (ja ? "" : " JST");
    }

    public static Text time(Instant at) {
        return new Text(time(at, true), time(at, false));
    }

    /** Every ISO instant in {@code text} (a detector's or an old document's words) written in Japan time. */
    public static String inJst(String text, boolean ja) {
        if (text == null) {
            return null;
        }
        Matcher m = ISO_INSTANT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            try {
                replacement = time(java.time.OffsetDateTime.parse(m.group()).toInstant(), ja);
            } catch (DateTimeParseException e) {
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** e.g. {@code 1時間12分} / {@code 1 h 12 min}; under an hour with seconds. */
    public static String duration(Duration d, boolean ja) {
        long minutes = d.toMinutes();
        long seconds = d.toSecondsPart();
        if (minutes >= 60) {
            return ja ? minutes / 60 + "時間" + minutes % 60 + "分" : minutes / 60 + " h " + minutes % 60 + " min";
        }
        return ja ? minutes + "分" + seconds + "秒" : minutes + " min " + seconds + " s";
    }

    /** A duration as the catalog writes it ({@code PT2H}), for people. */
    private static String limit(String iso, boolean ja) {
        try {
            return duration(Duration.parse(iso), ja);
        } catch (RuntimeException e) {
            return iso;
        }
    }

    // ---- problems ----

    /** The kind of a problem, as a noun: 死活監視 / heartbeat … */
    public static Text kind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "CHECK" -> new Text("稼働確認", "check");
            case "RESOURCE" -> new Text("リソース監視", "resource monitoring");
            case "BATCH" -> new Text("バッチ処理", "batch job");
            case "OPERATING_STATUS" -> new Text("稼働状況", "operating status");
            case "LINE_FAILOVER" -> new Text("回線切替", "line failover");
            case "CLOCK_SKEW" -> new Text("時刻ずれ", "clock skew");
            case "LATENCY" -> new Text("応答時間", "response time");
            default -> new Text("死活監視", "heartbeat");
        };
    }

    /**
     * The job a BATCH subject is about: {@code nightly-export:count} (its processed-count problem) and
     * {@code nightly-export:rerun} (room to re-run) are problems of {@code nightly-export}.
     */
    static String job(String subject) {
        if (subject == null) {
            return null;
        }
        int colon = subject.indexOf(':');
        return colon < 0 ? subject : subject.substring(0, colon);
    }

    /** A resource subject: {@code DISK:/var} → ディスク /var / disk /var. */
    static Text subject(String subject) {
        if (subject == null) {
            return new Text("リソース", "resource");
        }
        return switch (subject) {
            case "CPU" -> new Text("CPU", "CPU");
            case "MEMORY" -> new Text("メモリ", "memory");
            case "SWAP" -> new Text("スワップ", "swap");
            default -> subject.startsWith("DISK:") ? new Text("ディスク " + subject.substring(5), "disk "
                    + subject.substring(5)) : new Text(subject, subject);
        };
    }

    /** What is measured of a resource subject: CPU使用率 / CPU use, ディスク使用率（/var） / disk /var use. */
    static Text usage(String subject) {
        if (subject != null && subject.startsWith("DISK:")) {
            return new Text("ディスク使用率（" + subject.substring(5) + "）", "disk " + subject.substring(5) + " use");
        }
        Text s = subject(subject);
        return new Text(s.ja() + "使用率", s.en() + " use");
    }

    /** The short name of one problem, its kind and target: the incident title is made of these. */
    public static Text title(Problem p) {
        String t = p.targetId();
        return switch (p.kind()) {
            case "CHECK" -> new Text("死活監視（稼働確認）の失敗（" + t + "）", "liveness check failing on " + t);
            case "RESOURCE" -> {
                Text s = subject(p.subject());
                yield new Text("リソース使用率の閾値超過: " + s.ja() + "（" + t + "）",
                        "resource use above threshold: " + s.en() + " on " + t);
            }
            case "BATCH" -> batchTitle(p.subject(), t);
            case "OPERATING_STATUS" -> new Text("稼働状況の異常: " + p.subject() + "（" + t + "）",
                    "operating status not normal: " + p.subject() + " on " + t);
            case "LINE_FAILOVER" -> failover(p);
            case "CLOCK_SKEW" -> new Text("エージェントの時刻ずれ（" + t + "）", "agent clock skew on " + t);
            case "LATENCY" -> new Text("応答時間の遅延: " + p.subject() + "（" + t + "）",
                    "slow response: check " + p.subject() + " on " + t);
            default -> new Text("死活監視で応答なし（" + t + "）", "no heartbeat from " + t);
        };
    }

    /** A BATCH problem's title by its subject: a job, its processed count, its room to re-run, a linkage file. */
    private static Text batchTitle(String subject, String t) {
        String file = fileName(subject);
        if (subject == null) {
            return new Text("バッチ処理の異常（" + t + "）", "batch job problem on " + t);
        } else if (file != null) {
            return new Text("連携ファイルの異常: " + file + "（" + t + "）", "linkage file problem: " + file + " on " + t);
        } else if (subject.endsWith(io.mihari.alert.detect.BatchMonitor.COUNT_SUFFIX)) {
            return new Text("バッチ処理の処理件数の異常: " + job(subject) + "（" + t + "）",
                    "batch job processed count out of range: " + job(subject) + " on " + t);
        } else if (subject.endsWith(io.mihari.alert.detect.BatchMonitor.RERUN_SUFFIX)) {
            return new Text("バッチ処理の再実行の余裕なし: " + job(subject) + "（" + t + "）",
                    "no room to re-run batch job: " + job(subject) + " on " + t);
        }
        return new Text("バッチ処理の異常: " + job(subject) + "（" + t + "）",
                "batch job problem: " + job(subject) + " on " + t);
    }

    /**
     * The title of an incident: each problem by its own kind and target; problems of the same kind and subject
     * (two servers not answering) share one entry listing their targets.
     */
    public static Text title(List<Problem> problems) {
        Map<String, List<Problem>> groups = new LinkedHashMap<>();
        for (Problem p : problems) {
            groups.computeIfAbsent(p.kind() + "|" + (p.kind().equals("RESOURCE") || p.kind().equals("OPERATING_STATUS")
                    || p.kind().equals("BATCH") || p.kind().equals("LATENCY") ? p.subject() : ""), k -> new ArrayList<>()).add(p);
        }
        List<String> ja = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (List<Problem> group : groups.values()) {
            List<String> targets = group.stream().map(Problem::targetId).distinct().toList();
            Problem first = group.get(0);
            Text one = title(new Problem(first.key(), first.kind(), "\u0000", first.cause(), first.facts(),
                    first.since()));
            ja.add(one.ja().replace("\u0000", String.join("、", targets)));
            en.add(one.en().replace("\u0000", String.join(", ", targets)));
        }
        return new Text(String.join("／", ja), String.join("; ", en));
    }

    /** One line per problem for a mail: its title and since when (Japan time). */
    public static Text line(Problem p) {
        Text title = title(p);
        Text what = p.cause() == null ? title : started(p);
        return new Text(what.ja() + "（" + time(p.since(), true) + " から）",
                what.en() + " (since " + time(p.since(), false) + ")");
    }

    /** The watch's name of a linkage file's problem subject {@code file:NAME}; null for a job's subject. */
    static String fileName(String subject) {
        return subject != null && subject.startsWith(io.mihari.alert.detect.FileMonitor.SUBJECT_PREFIX)
                ? subject.substring(io.mihari.alert.detect.FileMonitor.SUBJECT_PREFIX.length()) : null;
    }

    /** A linkage file 連携ファイル that did not arrive, arrived empty, twice or with a bad checksum. */
    private static Text fileProblem(Problem p, String cause) {
        String t = p.targetId();
        Map<String, String> f = p.facts();
        String name = fileName(p.subject()) == null ? "" : fileName(p.subject());
        String path = f.get(Alert.MESSAGE);
        return switch (cause) {
            case "FILE_MISSING" -> {
                Instant due = instant(f.get(Alert.SCHEDULED));
                String rule = f.get(Alert.CALENDAR);
                String when = Stream.of(due == null ? null : time(due, true), rule).filter(Objects::nonNull)
                        .collect(Collectors.joining("、"));
                String whenEn = Stream.of(due == null ? null : time(due, false), rule).filter(Objects::nonNull)
                        .collect(Collectors.joining(", "));
                yield new Text(t + " の連携ファイル " + name + (path == null ? "" : "（" + path + "）") + "が期限"
                        + (when.isEmpty() ? "" : "（" + when + "）") + "までに届いていません",
                        "linkage file " + name + (path == null ? "" : " (" + path + ")") + " did not arrive on " + t
                                + " by its deadline" + (whenEn.isEmpty() ? "" : " (" + whenEn + ")"));
            }
            case "FILE_EMPTY" -> {
                String size = f.getOrDefault(Alert.VALUE, "?");
                String min = f.getOrDefault(Alert.EXPECTED, "1");
                yield new Text(t + " の連携ファイル " + name + " が空です（" + size + " バイト、最小 " + min + " バイト"
                        + (path == null ? "" : "、" + path) + "）",
                        "linkage file " + name + " on " + t + " arrived empty (" + size + " bytes, at least " + min
                                + (path == null ? "" : ", " + path) + ")");
            }
            case "FILE_DUPLICATE" -> new Text(t + " の連携ファイル " + name + " が同じ期限に二重に届きました"
                    + (path == null ? "" : "（" + path + "）"), "linkage file " + name + " arrived twice for one"
                    + " deadline on " + t + (path == null ? "" : " (" + path + ")"));
            case "FILE_CHECKSUM_MISMATCH" -> {
                String why = f.get(Alert.EXPECTED);
                yield new Text(t + " の連携ファイル " + name + " のチェックサムが一致しません"
                        + (path == null && why == null ? "" : "（" + Stream.of(path, why).filter(Objects::nonNull)
                                .collect(Collectors.joining("、")) + "）"),
                        "linkage file " + name + " on " + t + " failed its checksum"
                                + (path == null && why == null ? "" : " (" + Stream.of(path, why)
                                        .filter(Objects::nonNull).collect(Collectors.joining(", ")) + ")"));
            }
            default -> new Text(t + " の連携ファイル " + name + " に異常があります",
                    "linkage file " + name + " on " + t + " has a problem");
        };
    }

    /** 回線A障害: 回線Bへ切替（t） / Line A failed: traffic on line B (t); the target ids when no names are known. */
    private static Text failover(Problem p) {
        String t = p.targetId();
        Map<String, String> f = p.facts();
        String lineJa = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.LINE_JA, t);
        String lineEn = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.LINE_EN, t);
        String takeover = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.TAKEOVER, "");
        String toJa = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.TAKEOVER_JA, takeover);
        String toEn = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.TAKEOVER_EN, takeover);
        String toEnLower = toEn.startsWith("Line ") ? "line " + toEn.substring(5) : toEn;
        boolean named = !lineJa.equals(t);
        return new Text(lineJa + "障害: " + (toJa.isEmpty() ? "予備回線" : toJa) + "へ切替" + (named ? "（" + t + "）" : ""),
                lineEn + " failed: traffic on " + (toEnLower.isEmpty() ? "the other line" : toEnLower)
                        + (named ? " (" + t + ")" : ""));
    }

    /** What an alert says, for people: a problem started or ended, by its kind, cause, target and facts. */
    public static Text alert(Alert a) {
        Problem p = new Problem(a.key(), a.kind().name(), a.targetId(), a.cause(), a.facts(), a.at());
        return a.firing() ? started(p) : ended(p);
    }

    private static Text started(Problem p) {
        String t = p.targetId();
        Map<String, String> f = p.facts();
        String cause = p.cause() == null ? "" : p.cause();
        switch (p.kind()) {
            case "LINE_FAILOVER" -> {
                return failover(p);
            }
            case "CLOCK_SKEW" -> {
                return clockSkew(t, f.get(Alert.OFFSET), f.get(Alert.THRESHOLD), "CLOCK_SKEW");
            }
            case "LATENCY" -> {
                return slow(p, "LATENCY_CRITICAL".equals(cause));
            }
            case "RESOURCE" -> {
                Text s = usage(p.subject());
                boolean critical = "RESOURCE_CRITICAL".equals(cause);
                String value = f.get(Alert.VALUE);
                String threshold = f.get(Alert.THRESHOLD);
                if (value == null) {
                    return new Text(t + " の" + s.ja() + "が閾値を超えています", s.en() + " on " + t
                            + " is above its threshold");
                }
                return new Text(t + " の" + s.ja() + "が " + value + " です（" + (critical ? "危険" : "警告")
                        + "閾値 " + threshold + "）", s.en() + " on " + t + " at " + value + " ("
                        + (critical ? "critical" : "warning") + " at " + threshold + ")");
            }
            case "BATCH" -> {
                if (cause.startsWith("FILE_")) {
                    return fileProblem(p, cause);
                }
                String job = p.subject() == null ? "" : " " + job(p.subject());
                String jobJa = p.subject() == null ? "" : " " + job(p.subject()) + " ";
                String run = f.get(Alert.RUN) == null ? "" : f.get(Alert.RUN);
                String exit = f.get(Alert.EXIT_CODE);
                String output = f.get(Alert.MESSAGE) == null ? "" : f.get(Alert.MESSAGE);
                return switch (cause) {
                    case "BATCH_FAILED", "BATCH_TIMED_OUT" -> {
                        boolean timedOut = cause.equals("BATCH_TIMED_OUT");
                        String jaDetail = (run.isEmpty() ? "" : "実行 " + run) + (exit == null ? ""
                                : (run.isEmpty() ? "" : "、") + "終了コード " + exit)
                                + (output.isEmpty() ? "" : (run.isEmpty() && exit == null ? "" : "、") + "出力: " + output);
                        String enDetail = (run.isEmpty() ? "" : "run " + run) + (exit == null ? ""
                                : (run.isEmpty() ? "" : ", ") + "exit code " + exit)
                                + (output.isEmpty() ? "" : (run.isEmpty() && exit == null ? "" : ", ") + "output: " + output);
                        yield new Text(t + " のバッチ処理" + jobJa + "が" + (timedOut ? "タイムアウトしました" : "異常終了しました")
                                + (jaDetail.isEmpty() ? "" : "（" + jaDetail + "）"),
                                "batch job" + job + " " + (timedOut ? "timed out" : "failed") + " on " + t
                                        + (enDetail.isEmpty() ? "" : " (" + enDetail + ")"));
                    }
                    case "BATCH_HUNG" -> {
                        String max = f.get(Alert.LIMIT);
                        yield new Text(t + " のバッチ処理" + jobJa + "が" + (max == null ? "最大実行時間"
                                : "最大実行時間（" + limit(max, true) + "）") + "を過ぎても終了していません"
                                + (run.isEmpty() ? "" : "（実行 " + run + "）"),
                                "batch job" + job + " on " + t + " has not ended within its maximum run time"
                                        + (max == null ? "" : " of " + limit(max, false))
                                        + (run.isEmpty() ? "" : " (run " + run + ")"));
                    }
                    case "BATCH_MISSED" -> {
                        Instant scheduled = instant(f.get(Alert.SCHEDULED));
                        String rule = f.get(Alert.CALENDAR); // e.g. "on: lastBusinessDay", as the catalog writes it
                        String when = Stream.of(scheduled == null ? null : time(scheduled, true), rule)
                                .filter(Objects::nonNull).collect(Collectors.joining("、"));
                        String whenEn = Stream.of(scheduled == null ? null : time(scheduled, false), rule)
                                .filter(Objects::nonNull).collect(Collectors.joining(", "));
                        yield new Text(t + " のバッチ処理" + jobJa + "が予定" + (when.isEmpty() ? "" : "（" + when + "）")
                                + "どおりに開始されていません",
                                "batch job" + job + " on " + t + " did not start as scheduled"
                                        + (whenEn.isEmpty() ? "" : " (" + whenEn + ")"));
                    }
                    case "BATCH_COUNT_OUT_OF_RANGE" -> {
                        String value = f.getOrDefault(Alert.VALUE, "?");
                        String expected = f.get(Alert.EXPECTED);
                        String expectedJa = f.getOrDefault(Alert.EXPECTED_JA, expected);
                        yield new Text(t + " のバッチ処理" + jobJa + "の処理件数が " + value + "件でした（想定 "
                                + expectedJa + (run.isEmpty() ? "" : "、実行 " + run) + "）",
                                "batch job" + job + " on " + t + (run.isEmpty() ? "" : " run " + run) + " processed "
                                        + value + " records (expected " + expected + ")");
                    }
                    case "BATCH_RERUN_AT_RISK", "BATCH_NO_TIME_TO_RERUN" -> {
                        boolean failed = cause.equals("BATCH_NO_TIME_TO_RERUN");
                        String usual = f.get(Alert.USUAL);
                        Instant needed = instant(f.get(Alert.NEEDED_BY));
                        String needJa = (usual == null ? "再実行" : "再実行には約" + limit(usual, true) + "かかり")
                                + (needed == null ? "" : "、出力の期限は " + time(needed, true));
                        String needEn = "a re-run needs about " + (usual == null ? "its usual time" : limit(usual, false))
                                + (needed == null ? "" : "; output needed by " + time(needed, false));
                        yield failed
                                ? new Text(t + " のバッチ処理" + jobJa + "が失敗し、期限までに再実行が間に合いません（"
                                        + needJa + (run.isEmpty() ? "" : "、実行 " + run) + "）",
                                        "batch job" + job + " on " + t + " failed with no time left to re-run it ("
                                                + needEn + (run.isEmpty() ? "" : ", run " + run) + ")")
                                : new Text(t + " のバッチ処理" + jobJa + "がまだ終了せず、失敗した場合に再実行が間に合いません（"
                                        + needJa + (run.isEmpty() ? "" : "、実行 " + run) + "）",
                                        "batch job" + job + " on " + t + " has not ended: a re-run would no longer"
                                                + " fit if it failed (" + needEn + (run.isEmpty() ? "" : ", run " + run)
                                                + ")");
                    }
                    default -> new Text(t + " のバッチ処理" + jobJa + "に異常があります",
                            "batch job" + job + " on " + t + " has a problem");
                };
            }
            case "OPERATING_STATUS" -> {
                boolean stopped = "OPERATING_STOPPED".equals(cause);
                String message = f.get(Alert.MESSAGE);
                String said = message == null || message.isBlank() ? "" : message;
                return new Text(t + " のアプリケーション " + p.subject() + " が" + (stopped ? "停止中" : "縮退運転中")
                        + "と報告しています" + (said.isEmpty() ? "" : "（" + said + "）"),
                        "application " + p.subject() + " on " + t + " reports it is " + (stopped ? "stopped" : "degraded")
                                + (said.isEmpty() ? "" : " (" + said + ")"));
            }
            case "CHECK" -> {
                String check = f.get(Alert.CHECK);
                String message = f.get(Alert.MESSAGE);
                String said = message == null || message.isBlank() ? "" : "（" + message + "）";
                return check == null
                        ? new Text(t + " の稼働確認が失敗し、停止と判定しました", t + " is down: its checks are failing")
                        : new Text(t + " の稼働確認「" + check + "」が失敗し、停止と判定しました" + said,
                                t + " is down: check " + check + " failing"
                                        + (said.isEmpty() ? "" : " (" + message + ")"));
            }
            default -> {
                return switch (cause) {
                    case "HEARTBEAT_MISSING" -> new Text(t + " からのハートビートが途絶えました",
                            "no heartbeat from " + t);
                    case "MONITOR_CAUGHT_UP" -> new Text(t + " が停止しています（監視の再開時に検知）",
                            t + " is down (found when monitoring caught up)");
                    default -> new Text(t + " が停止しています", t + " is down");
                };
            }
        }
    }

    private static Text ended(Problem p) {
        String t = p.targetId();
        Map<String, String> f = p.facts();
        String cause = p.cause() == null ? "" : p.cause();
        return switch (p.kind()) {
            case "RESOURCE" -> {
                Text s = usage(p.subject());
                String value = f.get(Alert.VALUE);
                yield value == null ? new Text(t + " の" + s.ja() + "が閾値を下回りました",
                        s.en() + " on " + t + " no longer above its threshold")
                        : new Text(t + " の" + s.ja() + "が " + value + " に下がり、正常に戻りました",
                                s.en() + " on " + t + " back to normal at " + value);
            }
            case "BATCH" -> {
                if (cause.startsWith("FILE_") || fileName(p.subject()) != null) {
                    String name = fileName(p.subject());
                    String path = f.get(Alert.MESSAGE);
                    yield new Text(t + " の連携ファイル " + name + " が届きました" + (path == null ? "" : "（" + path + "）"),
                            "linkage file " + name + " arrived on " + t + (path == null ? "" : " (" + path + ")"));
                }
                String job = p.subject() == null ? "" : " " + job(p.subject());
                String jobJa = p.subject() == null ? "" : " " + job(p.subject()) + " ";
                yield switch (cause) {
                    case "BATCH_STARTED" -> new Text(t + " のバッチ処理" + jobJa + "が開始されました（予定より遅れて）",
                            "batch job" + job + " started on " + t + " (late)");
                    case "BATCH_COUNT_IN_RANGE" -> new Text(t + " のバッチ処理" + jobJa + "の処理件数が想定の範囲に戻りました",
                            "batch job" + job + " on " + t + " processed the expected number of records again");
                    case "BATCH_OUTPUT_READY" -> new Text(t + " のバッチ処理" + jobJa + "が正常終了し、出力がそろいました",
                            "batch job" + job + " succeeded on " + t + ": its output is there");
                    default -> new Text(t + " のバッチ処理" + jobJa + "が正常終了しました",
                            "batch job" + job + " succeeded on " + t);
                };
            }
            case "OPERATING_STATUS" -> new Text(t + " のアプリケーション " + p.subject() + " が稼働中に戻ったと報告しました",
                    "application " + p.subject() + " on " + t + " reports it is running again");
            case "CLOCK_SKEW" -> clockSkew(t, f.get(Alert.OFFSET), f.get(Alert.THRESHOLD), "CLOCK_OK");
            case "LATENCY" -> {
                String value = f.get(Alert.VALUE);
                yield value == null ? new Text(t + " の稼働確認「" + p.subject() + "」の応答時間の遅延が解消しました",
                        "check " + p.subject() + " on " + t + " no longer slow")
                        : new Text(t + " の稼働確認「" + p.subject() + "」の応答時間が " + value + " に戻り、正常に戻りました",
                                "check " + p.subject() + " on " + t + " responds in " + value + " again: back to normal");
            }
            case "LINE_FAILOVER" -> {
                String ja = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.LINE_JA, t);
                String en = f.getOrDefault(io.mihari.alert.detect.LineFailoverMonitor.LINE_EN, t);
                yield new Text(ja + "復旧: 冗長構成に戻りました（" + t + "）", en + " up again: the pair is redundant again ("
                        + t + ")");
            }
            default -> {
                String check = f.get(Alert.CHECK);
                yield "CHECK_RECOVERED".equals(cause) && check != null
                        ? new Text(t + " の稼働確認「" + check + "」が正常に戻り、復旧と判定しました",
                                t + " is up again: check " + check + " passing")
                        : new Text(t + " が復旧しました", t + " is up again");
            }
        };
    }

    /**
     * A check answering slowly 応答時間の遅延: its latency ({@link Alert#VALUE}), the threshold crossed and, when the
     * warning threshold came from the check's usual latency, that baseline ({@code LatencyMonitor.BASELINE} …).
     */
    private static Text slow(Problem p, boolean critical) {
        String t = p.targetId();
        Map<String, String> f = p.facts();
        String check = p.subject();
        String value = f.get(Alert.VALUE);
        String threshold = f.get(Alert.THRESHOLD);
        if (value == null || threshold == null) {
            return new Text(t + " の稼働確認「" + check + "」の応答時間が閾値を超えています",
                    "check " + check + " on " + t + " responds slower than its threshold");
        }
        String baseline = f.get(io.mihari.alert.detect.LatencyMonitor.BASELINE);
        String percentile = f.get(io.mihari.alert.detect.LatencyMonitor.PERCENTILE);
        String factor = f.get(io.mihari.alert.detect.LatencyMonitor.FACTOR);
        String days = f.get(io.mihari.alert.detect.LatencyMonitor.DAYS);
        boolean relative = !critical && baseline != null && percentile != null && factor != null && days != null;
        String ja = (critical ? "危険" : "警告") + "閾値 " + threshold
                + (relative ? " = 過去" + days + "日の p" + percentile + " " + baseline + " × " + factor : "");
        String en = (critical ? "critical" : "warning") + " at " + threshold
                + (relative ? " = " + factor + " × p" + percentile + " " + baseline + " of the last " + days + " days"
                        : "");
        return new Text(t + " の稼働確認「" + check + "」の応答時間が " + value + " です（" + ja + "）",
                "check " + check + " on " + t + " responds in " + value + " (" + en + ")");
    }

    /**
     * An agent's clock skew 時刻ずれ: {@code offset} in signed seconds ({@link Alert#OFFSET}, positive ahead), the
     * threshold as {@code 30.0 s}; {@code CLOCK_OK} when back within it.
     */
    private static Text clockSkew(String t, String offset, String threshold, String cause) {
        if (offset == null) {
            return "CLOCK_OK".equals(cause) ? new Text(t + " の時刻ずれが解消しました", "agent clock on " + t + " back in sync")
                    : new Text(t + " のエージェントの時刻が Mihari とずれています", "agent clock on " + t + " is off");
        }
        boolean behind = offset.startsWith("-");
        String size = behind ? offset.substring(1) : offset;
        String thresholdJa = threshold == null ? "" : threshold.replace(" s", " 秒");
        if ("CLOCK_OK".equals(cause)) {
            return new Text(t + " の時刻ずれが閾値" + (threshold == null ? "" : " " + thresholdJa) + " 以内に戻りました（"
                    + size + " 秒" + (behind ? "遅れ" : "進み") + "）", "agent clock on " + t + " back within "
                    + (threshold == null ? "its threshold" : threshold) + " of Mihari (" + size + " s "
                    + (behind ? "behind" : "ahead") + ")");
        }
        return new Text(t + " のエージェントの時刻が Mihari より " + size + " 秒" + (behind ? "遅れています" : "進んでいます")
                + (threshold == null ? "" : "（閾値 " + thresholdJa + "）"), "agent clock on " + t + " is " + size + " s "
                + (behind ? "behind" : "ahead of") + " Mihari" + (threshold == null ? "" : " (threshold " + threshold
                + ")"));
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- what monitoring last observed (automatic status reports) ----

    /**
     * One fact monitoring last observed of a target, as a line: {@code kurashiki/lc-web1 — 稼働確認「portal」: 停止
     * （HTTP 503）、12 ms、2026/12/06 23:45:33} / {@code kurashiki/lc-web1 — check portal: down (HTTP 503), 12 ms,
     * 2026/12/06 23:45:33 JST}. The agent's message is written as it came.
     */
    public static Text observation(Observation o) {
        String t = o.targetId() + " — ";
        if (o instanceof Observation.Heartbeat h) {
            return new Text(t + "最終ハートビート " + time(h.at(), true), t + "last heartbeat " + time(h.at(), false));
        }
        if (o instanceof Observation.Check c) {
            String said = c.message() == null || c.message().isBlank() ? null : c.message();
            return new Text(t + "稼働確認「" + c.check() + "」: " + (c.up() ? "正常" : "停止")
                    + (said == null ? "" : "（" + said + "）") + "、" + c.latencyMs() + " ms、" + time(c.at(), true),
                    t + "check " + c.check() + ": " + (c.up() ? "up" : "down") + (said == null ? "" : " (" + said
                            + ")") + ", " + c.latencyMs() + " ms, " + time(c.at(), false));
        }
        if (o instanceof Observation.Resources r) {
            List<String> ja = new ArrayList<>();
            List<String> en = new ArrayList<>();
            ja.add(usage("CPU").ja() + " " + percent(r.cpuPercent()));
            en.add(usage("CPU").en() + " " + percent(r.cpuPercent()));
            if (r.memoryPercent() != null) {
                ja.add(usage("MEMORY").ja() + " " + percent(r.memoryPercent()));
                en.add(usage("MEMORY").en() + " " + percent(r.memoryPercent()));
            }
            for (Observation.Disk d : r.disks()) {
                ja.add(usage("DISK:" + d.mount()).ja() + " " + percent(d.usedPercent()));
                en.add(usage("DISK:" + d.mount()).en() + " " + percent(d.usedPercent()));
            }
            ja.add(time(r.at(), true));
            en.add(time(r.at(), false));
            return new Text(t + String.join("、", ja), t + String.join(", ", en));
        }
        return new Text(t + "監視データがありません", t + "no monitoring data");
    }

    private static String percent(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", value);
    }

    // ---- what Mihari and people did (timeline lines) ----

    /** Whose responsibility: VENDOR → 運用事業者 / vendor … (unknown values as they are). */
    public static Text attribution(String attribution) {
        if (attribution == null) {
            return new Text("未設定", "not set");
        }
        return switch (attribution) {
            case "VENDOR" -> new Text("運用事業者", "vendor");
            case "CLOUD" -> new Text("クラウド事業者", "cloud provider");
            case "CITY" -> new Text("市", "city");
            case "CARRIER" -> new Text("回線事業者", "network carrier");
            case "EXTERNAL" -> new Text("外部要因", "external cause");
            case "PLANNED" -> new Text("計画停止", "planned maintenance");
            default -> new Text(attribution, attribution);
        };
    }

    /** An incident's status: 対応中 / ongoing … */
    public static Text status(IncidentStatus status) {
        return switch (status) {
            case OPEN -> new Text("対応中", "ongoing");
            case MITIGATED -> new Text("暫定復旧済み", "provisionally recovered");
            case RESOLVED -> new Text("解決済み（障害報告書待ち）", "resolved (report outstanding)");
            case CLOSED -> new Text("完了", "closed");
        };
    }

    /** A fixed line with a person's note, when there is one, after it (the note as written). */
    static Text withNote(Text line, String note) {
        if (note == null || note.isBlank()) {
            return line;
        }
        return new Text(line.ja() + ": " + note, line.en() + ": " + note);
    }

    static Text opened(boolean planned) {
        return planned ? new Text("計画停止中のため、メールを送らずに障害として記録しました",
                "incident opened during planned maintenance (no mail)")
                : new Text("障害として受け付けました", "incident opened");
    }

    static Text reopened(Alert a, Duration after) {
        return new Text("暫定復旧の " + duration(after, true) + "後に同じ事象が再発したため、障害を再開しました（"
                + a.targetId() + "）", "the same problem came back " + duration(after, false)
                + " after provisional recovery: incident reopened (" + a.targetId() + ")");
    }

    static Text everyProblemEnded() {
        return new Text("すべての事象が解消し、暫定復旧となりました", "every problem of the incident ended: provisionally recovered");
    }

    static Text markedMitigated(String note) {
        return withNote(new Text("暫定復旧として登録されました", "marked provisionally recovered"), note);
    }

    static Text serviceDown() {
        return new Text("サービスが停止しました", "the service is down");
    }

    static Text firstReportSent() {
        return new Text("初報をメールで送信しました", "first report mailed");
    }

    static Text recoveryReportSent() {
        return new Text("復旧報告をメールで送信しました", "recovery report mailed");
    }

    static Text statusReport(int seq, String message) {
        return new Text("状況報告 #" + seq + ": " + message, "status report #" + seq + ": " + message);
    }

    /** @param backfilledAt when Mihari, not running at the deadline, recorded it afterwards (not mailed); or null */
    static Text automaticStatusReport(int seq, Instant backfilledAt) {
        if (backfilledAt != null) {
            return new Text("期限までに状況報告がなかったため、自動の状況報告 #" + seq + " としました（その時 Mihari は停止中で、"
                    + time(backfilledAt, true) + " に記録、メールは送信していません）",
                    "automatic status report #" + seq + " (nobody had written by the deadline; Mihari was not running"
                            + " then: recorded " + time(backfilledAt, false) + ", not mailed)");
        }
        return new Text("期限までに状況報告がなかったため、自動の状況報告 #" + seq + " を作成しました",
                "automatic status report #" + seq + " (nobody had written by the deadline)");
    }

    static Text statusReminder(Instant due) {
        return new Text("運用事業者に状況報告の期限（" + time(due, true) + "）をお知らせしました",
                "vendor reminded: status report due at " + time(due, false));
    }

    /**
     * Escalation step {@code step}: nobody acknowledged the CRITICAL incident for {@code unacknowledged}, so
     * {@code to} were mailed (outside business hours: the off-hours contacts).
     */
    static Text escalated(int step, Duration unacknowledged, boolean offHours, java.util.List<String> to) {
        return new Text("未確認のまま " + duration(unacknowledged, true) + " 経過したため、エスカレーション第" + step + "段階"
                + (offHours ? "（時間外）" : "") + "として " + String.join("、", to) + " に連絡します",
                "unacknowledged for " + duration(unacknowledged, false) + ": escalation step " + step
                        + (offHours ? " (off hours)" : "") + " to " + String.join(", ", to));
    }

    static Text escalationSent(int step) {
        return new Text("エスカレーション第" + step + "段階をメールで送信しました", "escalation step " + step + " mailed");
    }

    static Text statusReportSent(int seq) {
        return new Text("状況報告 #" + seq + " をメールで送信しました", "status report #" + seq + " mailed");
    }

    static Text resolved(String note) {
        return withNote(new Text("恒久対策の完了が確認されました", "permanent fix confirmed"), note);
    }

    static Text acknowledged(String note) {
        return withNote(new Text("対応を開始しました", "acknowledged"), note);
    }

    static Text attributed(String from, String to, String note) {
        Text a = attribution(from);
        Text b = attribution(to);
        return withNote(new Text("責任区分を " + a.ja() + " から " + b.ja() + " に変更しました",
                "attribution " + a.en() + " -> " + b.en()), note);
    }

    /** A party's kind, as the mails name it: クラウド提供事業者 / cloud provider … */
    public static Text partyKind(String kind) {
        if (kind == null) {
            return new Text("運用事業者", "vendor");
        }
        return switch (kind) {
            case "APP_VENDOR" -> new Text("アプリ開発事業者", "app vendor");
            case "CLOUD_PROVIDER" -> new Text("クラウド提供事業者", "cloud provider");
            case "CARRIER" -> new Text("回線事業者", "network carrier");
            case "CITY" -> new Text("団体", "city");
            default -> new Text(kind, kind);
        };
    }

    /** The responsibility moved: to {@code party} (null: nobody), its 初報 due at {@code due} (null: none runs). */
    static Text responsibilityMoved(String party, String kind, Instant due) {
        if (party == null) {
            return new Text("責任を負う事業者がいなくなりました（外部要因・計画停止）。状況報告の期限は止まります",
                    "nobody is responsible now (external cause, planned maintenance): no status report is due");
        }
        Text k = partyKind(kind);
        return new Text("責任区分が " + party + "（" + k.ja() + "）となりました"
                + (due != null ? "。初報期限 " + time(due, true) : ""),
                "now attributed to " + party + " (" + k.en() + ")"
                        + (due != null ? "; its first report is due at " + time(due, false) : ""));
    }

    static Text reportSubmitted() {
        return new Text("障害報告書が提出されました", "post-incident report submitted");
    }

    static Text reportRequested(Instant due) {
        return new Text("障害報告書の提出を依頼しました（期限 " + time(due, true) + "）",
                "post-incident report requested, due at " + time(due, false));
    }

    static Text reportReminder(Instant due) {
        return new Text("障害報告書の提出を督促しました（期限 " + time(due, true) + "）",
                "reminded: post-incident report due at " + time(due, false));
    }

    static Text maintenanceOverrun() {
        return new Text("計画停止の時間が終わりましたが、事象が続いています", "the planned maintenance is over but the trouble continues");
    }

    static Text closed() {
        return new Text("障害対応を完了しました", "incident closed");
    }

    /**
     * What Mihari says by itself in an automatic status report (stored as the report's message, in both languages:
     * the mail is written per language from {@link #automaticSummary(Incident, Instant, boolean)}).
     */
    public static String automaticSummary(Incident incident, Instant now, boolean ja) {
        Duration down = incident.downFor(now);
        return ja ? "自動: " + time(incident.startedAt(), true) + " から継続中（" + duration(down, true) + "）、影響サーバ "
                + String.join("、", incident.affectedTargets()) + "、継続中の事象 " + incident.activeAlerts().size() + " 件"
                : "automatic: ongoing since " + time(incident.startedAt(), false) + " (" + down.toMinutes()
                        + " min); affected " + String.join(", ", incident.affectedTargets()) + "; active problems: "
                        + incident.activeAlerts().size();
    }
}
