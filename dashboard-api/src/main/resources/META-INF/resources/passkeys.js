// Passkeys (WebAuthn) in the browser, used by dashboard.js: the server's options (JSON, binary values as base64url) go
// to navigator.credentials.create()/get(), and the browser's answer comes back as JSON (PublicKeyCredential.toJSON()'s
// shape) for the server to verify. No library: the browser's own API, under the page's Content Security Policy.
(function () {
  'use strict';

  const toBytes = (text) => {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  };
  const toText = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const descriptors = (list) => (list || []).map((d) => Object.assign({}, d, { id: toBytes(d.id) }));

  function creation(options) {
    return Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials)
    });
  }

  function request(options) {
    return Object.assign({}, options, { challenge: toBytes(options.challenge), allowCredentials: descriptors(options.allowCredentials) });
  }

  function json(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) { response.userHandle = toText(r.userHandle); }
    }
    return { id: credential.id, rawId: toText(credential.rawId), type: credential.type, response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined };
  }

  window.MihariPasskeys = {
    // WebAuthn exists only in a secure context (HTTPS, or http://localhost), and an IP address such as 127.0.0.1 is
    // never a relying party's id
    supported: () => Boolean(window.PublicKeyCredential && navigator.credentials && window.isSecureContext)
      && !/^[0-9.]+$|^\[/.test(location.hostname),
    create: async (options) => json(await navigator.credentials.create({ publicKey: creation(options) })),
    get: async (options) => json(await navigator.credentials.get({ publicKey: request(options) }))
  };
})();
