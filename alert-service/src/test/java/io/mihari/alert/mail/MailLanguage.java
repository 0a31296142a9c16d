package io.mihari.alert.mail;

import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.IncidentStatus;
import io.mihari.model.event.CheckResult;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole mails as their readers get them, and what a mail in each language must never hold. The mailers' own
 * templates (the files under {@code templates/MailTemplates/}) are rendered with a plain Qute engine
 * ({@link #LAYOUT}), since the type-safe template methods exist only in the application.
 *
 * <p>A Japanese mail holds no machine name (LIVENESS, MAJOR, MITIGATED, VENDOR, DOWN, APPROVED, MONDAY …), no
 * ISO-8601 instant, no {@code JST} (Japanese times are written without it) and no English word of Mihari's own (such
 * as an English observation line); an English mail holds no Japanese of Mihari's own and writes every time with
 * {@code JST}. What people, agents and the catalog wrote appears as written: the tests name it ({@code verbatim}).
 */
final class MailLanguage {

    private MailLanguage() {
    }

    /** Machine names that never reach a reader. */
    static final Pattern MACHINE = Pattern.compile("\\b(" + String.join("|", Stream.of(
            Arrays.stream(AlertKind.values()).map(Enum::name),
            Arrays.stream(Severity.values()).map(Enum::name),
            Arrays.stream(IncidentStatus.values()).map(Enum::name),
            Arrays.stream(CheckResult.Status.values()).map(Enum::name),
            Arrays.stream(MaintenanceWindow.Status.values()).map(Enum::name),
            Arrays.stream(DayOfWeek.values()).map(Enum::name),
            Stream.of("VENDOR", "CLOUD", "CITY", "EXTERNAL", "PLANNED", "null"),
            Stream.of("[A-Z]+_[A-Z_]+")).flatMap(s -> s).toList()) + ")\\b");
    static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    static final Pattern JAPANESE = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");
    /** A lower-case English word (units such as {@code ms} aside). */
    static final Pattern ENGLISH_WORD = Pattern.compile("\\b(?!ms\\b)[a-z]{2,}\\b");
    /** A Japan time not followed by JST. */
    static final Pattern TIME_WITHOUT_JST = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}(:\\d{2})?(?! JST)(?!:)");
    static final Pattern URL = Pattern.compile("https?://\\S+");
    static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w.-]+");

    private static final Engine ENGINE = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .build();
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    private static String render(String name, Object view) {
        Template template = TEMPLATES.computeIfAbsent(name, n -> {
            try (InputStream in = MailLanguage.class.getResourceAsStream("/templates/MailTemplates/" + n)) {
                assertThat(in).as("template " + n).isNotNull();
                return ENGINE.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return template.data("view", view).render();
    }

    /** The application's templates, rendered as the application renders them. */
    static final MailLayout LAYOUT = new MailLayout() {

        @Override
        public Bodies report(ReportView view) {
            return new Bodies(render("reportText.txt", view), render("reportHtml.html", view));
        }

        @Override
        public Bodies firstReport(FirstReportView view, boolean ja) {
            String l = ja ? "Ja" : "En";
            return new Bodies(render("firstReport" + l + "Text.txt", view), render("firstReport" + l + "Html.html",
                    view));
        }

        @Override
        public Bodies recovery(RecoveryView view, boolean ja) {
            String l = ja ? "Ja" : "En";
            return new Bodies(render("recovery" + l + "Text.txt", view), render("recovery" + l + "Html.html", view));
        }
    };

    /** What the reader reads of a mail: its subject, its text and its HTML without the markup. */
    static List<String> read(OutboxMail mail) {
        return List.of(mail.subject(), mail.text(), mail.html().replaceAll("(?s)<[^>]*>", " "));
    }

    /** Each mail in its own language (by {@link OutboxMail#language()}). */
    static void assertInItsLanguage(Collection<OutboxMail> mails, Collection<String> verbatim) {
        assertThat(mails).isNotEmpty();
        for (OutboxMail mail : mails) {
            if ("ja".equals(mail.language())) {
                assertJapanese(mail, verbatim);
            } else {
                assertEnglish(mail, verbatim);
            }
        }
    }

    static void assertJapanese(OutboxMail mail, Collection<String> verbatim) {
        for (String part : read(mail)) {
            assertJapanese(mail.id(), part, verbatim);
        }
    }

    static void assertEnglish(OutboxMail mail, Collection<String> verbatim) {
        for (String part : read(mail)) {
            assertEnglish(mail.id(), part, verbatim);
        }
    }

    /** A Japanese text: see the class. */
    static void assertJapanese(String what, String text, Collection<String> verbatim) {
        String mihari = withoutVerbatim(text, verbatim);
        assertThat(text).as(what + " (ja)").containsPattern(JAPANESE).doesNotContainPattern(ISO_INSTANT);
        assertThat(mihari).as(what + " (ja), without what people wrote").doesNotContainPattern(MACHINE)
                .doesNotContain("JST");
        assertThat(ENGLISH_WORD.matcher(mihari).results().map(m -> m.group()).toList())
                .as(what + " (ja): English words of Mihari's own in\n" + text).isEmpty();
    }

    /** An English text: see the class. */
    static void assertEnglish(String what, String text, Collection<String> verbatim) {
        String mihari = withoutVerbatim(text, verbatim);
        assertThat(text).as(what + " (en)").doesNotContainPattern(ISO_INSTANT).doesNotContainPattern(TIME_WITHOUT_JST);
        assertThat(mihari).as(what + " (en), without what people wrote").doesNotContainPattern(JAPANESE)
                .doesNotContainPattern(MACHINE);
    }

    private static String withoutVerbatim(String text, Collection<String> verbatim) {
        List<String> longestFirst = new ArrayList<>(verbatim);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String out = URL.matcher(text).replaceAll(" ");
        out = EMAIL.matcher(out).replaceAll(" ");
        for (String v : longestFirst) {
            out = out.replace(v, " ");
        }
        return out;
    }
}
