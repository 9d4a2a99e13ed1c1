package io.github.reconnectingsocket.clients;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made for one test run with the JDK's {@code keytool}: a
 * server context holding its key, and a client context trusting it alone.
 */
public record TestCertificate(KeyStore keyStore, Certificate certificate) {

	static final char[] PASSWORD = "changeit".toCharArray();

	/**
	 * @param directory where to write the key store
	 * @param name the subject's common name and the key store's file name
	 * @param subjectAlternativeNames keytool's form, for example
	 * {@code dns:localhost,ip:127.0.0.1}
	 * @return the certificate
	 */
	public static TestCertificate generate(Path directory, String name, String subjectAlternativeNames)
			throws Exception {
		Path file = directory.resolve(name + ".p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + subjectAlternativeNames,
				"-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass",
				new String(PASSWORD), "-keypass", new String(PASSWORD))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			keyStore.load(in, PASSWORD);
		}
		return new TestCertificate(keyStore, keyStore.getCertificate("server"));
	}

	public SSLContext serverContext() throws Exception {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(this.keyStore, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	public SSLContext clientContext() throws Exception {
		return trusting(List.of(this));
	}

	public static SSLContext trusting(List<TestCertificate> certificates) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		for (int i = 0; i < certificates.size(); i++) {
			trusted.setCertificateEntry("trusted-" + i, certificates.get(i).certificate());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
