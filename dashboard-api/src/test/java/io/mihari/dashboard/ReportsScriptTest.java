package io.mihari.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * reports.js (the quarter/year views and the printable 障害報告書) shows only strings of its dictionaries: every key
 * exists in Japanese and English, is not empty, every {@code t('key')} it uses is defined, and no Japanese text is a
 * raw enum name. Runs the script in node (skipped where node is missing, like the browser test without Chromium).
 */
class ReportsScriptTest {

    static final Path SCRIPT = Path.of("src/main/resources/META-INF/resources/reports.js");

    static final String CHECK = """
            const fs = require('fs');
            global.window = {}; global.document = {};
            const src = fs.readFileSync(process.argv[2], 'utf8');
            new Function(src)();
            const L = window.mihariReports.dictionaries;
            const problems = [];
            for (const [a, b] of [['ja', 'en'], ['en', 'ja']]) {
              for (const k of Object.keys(L[a])) {
                if (!(k in L[b])) { problems.push(`${k}: in ${a}, not in ${b}`); }
                if (typeof L[a][k] !== 'string' || !L[a][k].trim()) { problems.push(`${k}: empty in ${a}`); }
              }
            }
            for (const m of src.matchAll(/[^A-Za-z]t\\('([A-Za-z_]+)'\\)/g)) {
              if (!(m[1] in L.ja)) { problems.push(`t('${m[1]}') is not in the dictionaries`); }
            }
            for (const [k, v] of Object.entries(L.ja)) {
              if (/\\b[A-Z]{2,}(_[A-Z]+)*\\b/.test(v) && !/SLA|CSV|JST|PIN|FY/.test(v)) { problems.push(`${k}: raw enum in ja: ${v}`); }
            }
            console.log(JSON.stringify(problems));
            """;

    @Test
    void everyStringOfTheReportPagesIsInJapaneseAndEnglish() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")) || onPath("node"), "node is not installed");
        Path check = Files.createTempFile("reports-check", ".js");
        try {
            Files.writeString(check, CHECK);
            Process node = new ProcessBuilder("node", check.toString(), SCRIPT.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).isEqualTo("[]");
        } finally {
            Files.deleteIfExists(check);
        }
    }

    private static boolean onPath(String command) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
