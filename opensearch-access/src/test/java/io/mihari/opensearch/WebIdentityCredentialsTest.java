package io.mihari.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.auth.credentials.internal.WebIdentityCredentialsUtils;
import org.junit.jupiter.api.Test;

/**
 * On EKS the pods take their IAM role through IRSA: a web identity token file that the AWS SDK's default
 * credentials chain exchanges with STS. The SDK does so only when its STS module is on the class path; without it,
 * SigV4 signing (mihari.opensearch.aws.region) finds no credentials on EKS. Nothing here calls AWS.
 */
class WebIdentityCredentialsTest {

    @Test
    void theDefaultChainCanUseAWebIdentityToken() {
        assertThat(WebIdentityCredentialsUtils.factory()).isNotNull();
    }
}
