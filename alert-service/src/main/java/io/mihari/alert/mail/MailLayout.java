package io.mihari.alert.mail;

/**
 * Lays a mail's view out as its text and HTML bodies. The application renders the Qute type-safe templates
 * ({@link MailTemplates}, whose methods Quarkus generates at build time); the mailer tests render the same template
 * files with a plain Qute engine, so that what a whole mail says, in each language, is tested without the application.
 */
interface MailLayout {

    /** A mail's two bodies. */
    record Bodies(String text, String html) {
    }

    Bodies report(ReportView view);

    Bodies firstReport(FirstReportView view, boolean ja);

    Bodies recovery(RecoveryView view, boolean ja);

    /** The application's layout: the type-safe templates under {@code templates/MailTemplates/}. */
    MailLayout TEMPLATES = new MailLayout() {

        @Override
        public Bodies report(ReportView view) {
            return new Bodies(MailTemplates.reportText(view).render(), MailTemplates.reportHtml(view).render());
        }

        @Override
        public Bodies firstReport(FirstReportView view, boolean ja) {
            return ja ? new Bodies(MailTemplates.firstReportJaText(view).render(),
                    MailTemplates.firstReportJaHtml(view).render())
                    : new Bodies(MailTemplates.firstReportEnText(view).render(),
                            MailTemplates.firstReportEnHtml(view).render());
        }

        @Override
        public Bodies recovery(RecoveryView view, boolean ja) {
            return ja ? new Bodies(MailTemplates.recoveryJaText(view).render(),
                    MailTemplates.recoveryJaHtml(view).render())
                    : new Bodies(MailTemplates.recoveryEnText(view).render(),
                            MailTemplates.recoveryEnHtml(view).render());
        }
    };
}
