package io.mihari.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.PartyKind;
import io.mihari.model.command.Attribution;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * reports.js (the quarter/year views and the printable 障害報告書) and parties.js (availability by responsible party,
 * the disclosure block, the board's panel クラウド基盤・回線) show only strings of their dictionaries: every key exists in
 * Japanese and English, is not empty, every {@code t('key')} they use is defined, every enum value they look up
 * ({@code te('pk_', …)}) has its words, and no Japanese text is a raw enum name. parties.js's pages are rendered from
 * fixture JSON in the shape of {@code GET /api/parties} (src/test/resources/web/parties-2026-12.json): every party's
 * figures, the components per city and type, and a ledger whose sums prove that nothing vanished or counted twice.
 * Runs the scripts in node (skipped where node is missing, like the browser test without Chromium).
 */
class ReportsScriptTest {

    static final Path SCRIPT = Path.of("src/main/resources/META-INF/resources/reports.js");
    static final Path PARTIES = Path.of("src/main/resources/META-INF/resources/parties.js");
    static final Path FIXTURE = Path.of("src/test/resources/web/parties-2026-12.json");
    static final Path INCIDENT = Path.of("src/test/resources/web/incident-cloud.json");

    static final String CHECK = """
            const fs = require('fs');
            global.window = {}; global.document = {};
            const src = fs.readFileSync(process.argv[2], 'utf8');
            new Function(src)();
            const L = window[process.argv[3]].dictionaries;
            const enums = JSON.parse(process.argv[4] || '{}');
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
            for (const m of src.matchAll(/[^A-Za-z]te\\('([A-Za-z]+_)'/g)) {
              if (!(m[1] in enums)) { problems.push(`te('${m[1]}', …) is not checked`); continue; }
              for (const v of enums[m[1]]) { if (!((m[1] + v) in L.ja)) { problems.push(`${m[1]}${v} is not in the dictionaries`); } }
            }
            for (const [k, v] of Object.entries(L.ja)) {
              if (/\\b[A-Z]{2,}(_[A-Z]+)*\\b/.test(v) && !/SLA|CSV|JST|PIN|FY/.test(v)) { problems.push(`${k}: raw enum in ja: ${v}`); }
            }
            console.log(JSON.stringify(problems));
            """;

    @Test
    void everyStringOfTheReportPagesIsInJapaneseAndEnglish() throws Exception {
        assertThat(run(CHECK, SCRIPT.toAbsolutePath().toString(), "mihariReports", "{}")).isEqualTo("[]");
    }

    @Test
    void everyStringOfThePartiesPagesIsInJapaneseAndEnglish() throws Exception {
        String enums = new ObjectMapper().writeValueAsString(Map.of(
                "pk_", Arrays.stream(PartyKind.values()).map(Enum::name).toList(),
                "ct_", Arrays.stream(ComponentType.values()).map(Enum::name).toList(),
                "st_", List.of("MET", "AT_RISK", "BREACHED", "INSUFFICIENT_DATA", "NO_DATA"),
                "sh_", List.of("EXTERNAL", "PLANNED"),
                "att_", Arrays.stream(Attribution.values()).map(Enum::name).toList()));
        assertThat(run(CHECK, PARTIES.toAbsolutePath().toString(), "mihariParties", enums)).isEqualTo("[]");
    }

    /** Renders parties.js's page, disclosure and board panel from the fixture in both languages (names as the catalog's). */
    static final String RENDER = """
            const fs = require('fs');
            let lang = 'ja';
            const names = { 'kurashiki-juki': ['倉敷市 住民記録系', 'Kurashiki Resident records'],
              'kurashiki-hokenfukushi': ['倉敷市 保健福祉系', 'Kurashiki Health and welfare'],
              'kurashiki-cloud': ['倉敷市 クラウド基盤', 'Kurashiki Cloud platform'],
              'kurashiki-network': ['倉敷市 回線', 'Kurashiki Network'],
              'takamatsu-juki': ['高松市 住民記録系', 'Takamatsu Resident records'],
              kurashiki: ['倉敷市', 'Kurashiki'], takamatsu: ['高松市', 'Takamatsu'] };
            const name = (id) => (names[id] ? names[id][lang === 'ja' ? 0 : 1] : id);
            global.window = { mihariNames: { service: name, tenant: name, vendor: name } }; global.document = {};
            new Function(fs.readFileSync(process.argv[2], 'utf8'))();
            const data = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
            const out = {};
            for (const l of ['ja', 'en']) {
              lang = l;
              const r = window.mihariParties.render;
              out[l] = { page: r('page', data, l), disclosure: r('disclosure', data, l), board: r('board', data, l) };
            }
            // a ledger that does not add up must say so
            const wrong = JSON.parse(JSON.stringify(data));
            wrong.ledger[0].shares['gov-cloud'] = 1200000;
            lang = 'ja';
            out.unbalanced = window.mihariParties.render('page', wrong, 'ja');
            out.empty = window.mihariParties.render('disclosure', { month: '2026-12', parties: [], ledger: [] }, 'ja');
            console.log(JSON.stringify(out));
            """;

    /** The words the pages must never show raw (as BrowserTest.RAW_ENUM). */
    static final Pattern RAW_ENUM = Pattern.compile("\\b(OPEN|MITIGATED|RESOLVED|CLOSED|UNKNOWN|UP|DOWN|DEGRADED|MET"
            + "|BREACHED|VENDOR|CLOUD|CITY|EXTERNAL|PLANNED|CARRIER|LINE|STORAGE|DATABASE|REPLICATION|[A-Z]+_[A-Z_]+)\\b");

    @Test
    void thePartiesPageShowsEveryPartysFiguresTheComponentsAndALedgerThatAddsUp() throws Exception {
        JsonNode out = new ObjectMapper().readTree(run(RENDER, PARTIES.toAbsolutePath().toString(),
                FIXTURE.toAbsolutePath().toString()));
        String page = out.at("/ja/page").asText();
        String text = text(page);
        assertThat(RAW_ENUM.matcher(text).results().map(MatchResult::group).toList()).as(text).isEmpty();
        // the cloud provider first, then the carrier, then the app vendors; each with its kind, name and target
        assertThat(text).containsSubsequence("クラウド提供事業者 ガバメントクラウド提供事業者 目標 99.5%",
                "回線事業者 西日本ネットワーク回線 目標 99.5%", "アプリ開発事業者 富士通Japan", "アプリ開発事業者 INES");
        // the VM outage behind the redundant AP group: INES's service at 100%, the provider's virtual servers not
        assertThat(section(page, "ines")).contains("倉敷市 保健福祉系", "100.000%", "達成");
        String cloud = section(page, "gov-cloud");
        assertThat(text(cloud)).contains("倉敷市 仮想サーバ", "99.865%", "240.0 分", "1 / 4", "kurashiki/krs-fukushi-ap1 99.462%",
                "倉敷市 マネージドデータベース", "高松市 ストレージ", "99.327%", "未達",
                // the row's components, shown when it is expanded (and printed)
                "krs-fukushi-ap1 AP", "krs-fukushi-web1 WEB", "RDS for SQL Server (保健福祉系)",
                // the outage time of another party's service attributed to the provider
                "倉敷市 住民記録系 INC-20261203-0001 40.0 分");
        assertThat(cloud).contains("data-expand=", "<tr class=\"component-items\"", "hidden");
        // the owner's penalty tier of a type below its target (sla.penaltyTiers), with what it means on hover
        assertThat(cloud).contains("<td class=\"tier\" title=\"当月利用料の10%を返還\">返還1</td>", "<th>減額区分</th>");
        assertThat(text(section(page, "west-net"))).contains("倉敷市 回線", "99.966%", "krs-line-a 回線A (Active)",
                "krs-line-b 回線B (Standby)");
        // the ledger: every row and the total add up (Σ shares = downtime): 135 minutes, none vanished, none twice
        String ledger = page.substring(page.indexOf("id=\"ledger\""));
        assertThat(text(ledger)).containsSubsequence("富士通Japan", "ガバメントクラウド提供事業者", "外部要因", "Σ",
                "倉敷市 住民記録系 60.0 分 20.0 分 40.0 分", "60.0 分 ✔ 一致",
                "高松市 住民記録系 15.0 分 5.0 分", "10.0 分 15.0 分 ✔ 一致",
                "合計 135.0 分 25.0 分 100.0 分 10.0 分 135.0 分 ✔ 一致");
        assertThat(ledger).contains("id=\"ledger-total\" data-balanced=\"true\"").doesNotContain("data-balanced=\"false\"");
        assertThat(page).contains("href=\"/api/reports/parties.csv?month=2026-12\"", "id=\"parties-print\"");
        String wrong = out.at("/unbalanced").asText();
        assertThat(wrong).contains("data-ledger=\"kurashiki-juki\" data-balanced=\"false\"",
                "id=\"ledger-total\" data-balanced=\"false\"", "不一致");

        // English: the same figures in English words, no Japanese word of the dictionary
        String en = text(out.at("/en/page").asText());
        assertThat(RAW_ENUM.matcher(en).results().map(MatchResult::group).toList()).as(en).isEmpty();
        assertThat(en).contains("Availability by responsible party — 2026-12", "Cloud provider Government cloud provider",
                "Network carrier West Japan Network", "Application vendor Fujitsu Japan", "Kurashiki Virtual servers",
                "Managed databases", "Takamatsu Storage", "Breached", "Where the downtime went (ledger)",
                "Total 135.0 min 25.0 min 100.0 min 10.0 min 135.0 min ✔ balanced");
        assertThat(en).doesNotContain("仮想サーバ", "回線事業者", "外部要因", "倉敷市", "富士通Japan");

        // the monthly report: each party's figures in a row (its services, time attributed to it, components below
        // target), then the disclosure per city × type with its verdict, and a link to the page
        String disclosure = out.at("/ja/disclosure").asText();
        assertThat(text(disclosure)).containsSubsequence("責任主体ごとの稼働率",
                "アプリ開発事業者 富士通Japan 99.5% 倉敷市 住民記録系 99.955% 達成 0.0 分 —",
                "アプリ開発事業者 INES 99.5% 倉敷市 保健福祉系 100.000% 達成 0.0 分 —",
                "クラウド提供事業者 ガバメントクラウド提供事業者 99.5% 倉敷市 クラウド基盤 99.865% 達成 40.0 分 2 / 6",
                "回線事業者 西日本ネットワーク回線 99.5% 倉敷市 回線 100.000% 達成 0.0 分 0 / 2");
        assertThat(text(out.at("/en/disclosure").asText())).contains("Figures per responsible party",
                "Cloud provider Government cloud provider 99.5% Kurashiki Cloud platform 99.865% Met 40.0 min 2 / 6");
        assertThat(text(disclosure)).contains("各種サービスの稼働率の開示", "倉敷市 99.865% 達成 99.865% 達成 —",
                "高松市 — — 99.327% 未達", "倉敷市 99.966% 達成");
        assertThat(disclosure).contains("href=\"#/parties?month=2026-12\"", "data-party=\"gov-cloud\"", "data-party=\"west-net\"");
        assertThat(text(out.at("/en/disclosure").asText())).contains("Availability of each cloud service (disclosure)",
                "Virtual servers", "Managed databases", "Storage", "Lines");
        assertThat(out.at("/empty").asText()).isEmpty();

        // the board's panel: per city the worst type of each party, coloured like the board's cells
        String board = out.at("/ja/board").asText();
        assertThat(board).contains("class=\"cell mini BREACHED\" data-party=\"gov-cloud\" data-tenant=\"takamatsu\" data-status=\"BREACHED\"",
                "class=\"cell mini MET\" data-party=\"gov-cloud\" data-tenant=\"kurashiki\" data-status=\"MET\"",
                "class=\"cell mini MET\" data-party=\"west-net\" data-tenant=\"kurashiki\"");
        assertThat(text(board)).contains("クラウド提供事業者 ガバメントクラウド提供事業者", "回線事業者 西日本ネットワーク回線",
                "高松市 99.327% 未達 最も低い種類: ストレージ —", "最も低い種類: 回線");
        assertThat(text(out.at("/en/board").asText())).contains("Takamatsu 99.327% Breached Lowest type: Storage");
    }

    /** The incident page's party block (parties.js) and SLA table (reports.js) for an incident moved to the provider. */
    static final String INCIDENT_RENDER = """
            const fs = require('fs');
            let lang = 'ja';
            const names = { 'fujitsu-japan': ['富士通Japan', 'Fujitsu Japan'], 'gov-cloud': ['ガバメントクラウド提供事業者',
              'Government cloud provider'], kurashiki: ['倉敷市', 'Kurashiki'] };
            const vendor = (id) => (names[id] ? names[id][lang === 'ja' ? 0 : 1] : id);
            global.window = { mihariNames: { service: vendor, tenant: vendor, vendor } }; global.document = {};
            new Function(fs.readFileSync(process.argv[2], 'utf8'))();
            new Function(fs.readFileSync(process.argv[3], 'utf8'))();
            const i = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
            const out = {};
            for (const l of ['ja', 'en']) {
              lang = l;
              const p = window.mihariParties.incidentParty(i, l);
              out[l] = { party: p.party, history: p.history, sla: window.mihariReports.slaTable(i.sla, l, 'sla') };
            }
            out.none = window.mihariParties.incidentParty({ id: 'x' }, 'ja');
            console.log(JSON.stringify(out));
            """;

    @Test
    void theIncidentPageSaysWhoIsResponsibleWhoWasAndWhoOwedEachReport() throws Exception {
        JsonNode out = new ObjectMapper().readTree(run(INCIDENT_RENDER, SCRIPT.toAbsolutePath().toString(),
                PARTIES.toAbsolutePath().toString(), INCIDENT.toAbsolutePath().toString()));
        assertThat(text(out.at("/ja/party").asText()))
                .isEqualTo("ガバメントクラウド提供事業者 (クラウド提供事業者) 2026/12/04 10:30:00 JST から");
        String history = text(out.at("/ja/history").asText());
        assertThat(history).containsSubsequence("責任主体の経緯",
                "富士通Japan アプリ開発事業者 運用事業者の責任 2026/12/04 10:00:30 JST 2026/12/04 10:30:00 JST",
                "ガバメントクラウド提供事業者 クラウド提供事業者 ガバメントクラウド 2026/12/04 10:30:00 JST 現在");
        // each deadline with who owed it (JST, as the printable report writes it): Fujitsu's report recorded by the city
        // for it, then the provider's 初報 (late)
        String sla = text(out.at("/ja/sla").asText());
        assertThat(sla).containsSubsequence("報告義務者", "初報 2026/12/04 11:00:00 —",
                "状況報告 #1 2026/12/04 11:00:30 富士通Japan", "倉敷市 DX (代理記録: 富士通Japan) 期限内",
                "責任主体の初報 #2 2026/12/04 11:30:00 ガバメントクラウド提供事業者", "クラウド運用 遅延 600 秒");
        String en = text(out.at("/en/party").asText()) + " " + text(out.at("/en/history").asText()) + " "
                + text(out.at("/en/sla").asText());
        assertThat(en).contains("Government cloud provider (Cloud provider) since 2026/12/04 10:30:00 JST",
                "Responsibility history", "Fujitsu Japan Application vendor the vendor's", "government cloud", "now",
                "Owed by", "First report of the responsible party #2", "(recorded for: Fujitsu Japan)");
        assertThat(RAW_ENUM.matcher(en + " " + history + " " + sla).results().map(MatchResult::group).toList()).isEmpty();
        assertThat(out.at("/none/party").asText()).isEqualTo("—");
        assertThat(out.at("/none/history").asText()).isEmpty();
    }

    /** The party's section of the page. */
    static String section(String page, String party) {
        int start = page.indexOf("data-party=\"" + party + "\"");
        assertThat(start).as("section of " + party).isPositive();
        int end = page.indexOf("<section class=\"party\"", start);
        int ledger = page.indexOf("id=\"ledger-section\"", start);
        return page.substring(start, end < 0 ? ledger : Math.min(end, ledger));
    }

    /** What a reader sees of the HTML: the text, one space between elements. */
    static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"")
                .replace("&lt;", "<").replace("&gt;", ">").replaceAll("\\s+", " ").trim();
    }

    /** Runs a script in node with arguments; its output. */
    static String run(String script, String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")) || onPath("node"), "node is not installed");
        Path file = Files.createTempFile("mihari-web-check", ".js");
        try {
            Files.writeString(file, script);
            List<String> command = new java.util.ArrayList<>(List.of("node", file.toString()));
            command.addAll(List.of(args));
            Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(node.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(file);
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
