package io.mihari.alert.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Type-safe mail templates under {@code templates/MailTemplates/}; each has a .txt and an .html variant. */
@CheckedTemplate(basePath = "MailTemplates")
final class MailTemplates {

    private MailTemplates() {
    }

    static native TemplateInstance firstReportJaText(FirstReportView view);

    static native TemplateInstance firstReportJaHtml(FirstReportView view);

    static native TemplateInstance firstReportEnText(FirstReportView view);

    static native TemplateInstance firstReportEnHtml(FirstReportView view);

    static native TemplateInstance recoveryJaText(RecoveryView view);

    static native TemplateInstance recoveryJaHtml(RecoveryView view);

    static native TemplateInstance recoveryEnText(RecoveryView view);

    static native TemplateInstance recoveryEnHtml(RecoveryView view);

    static native TemplateInstance reportText(ReportView view);

    static native TemplateInstance reportHtml(ReportView view);
}
