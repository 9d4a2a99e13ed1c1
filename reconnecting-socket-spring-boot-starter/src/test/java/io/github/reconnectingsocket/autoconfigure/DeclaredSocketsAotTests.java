package io.github.reconnectingsocket.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets declared in configuration survive AOT processing: their factory and client
 * beans, made by instance suppliers that AOT cannot write as code, are left out of it
 * (the registrar registers them again at run time), and the managed socket beans derived
 * from them are processed. The sample's {@code SampleAotIT} starts such an application.
 */
class DeclaredSocketsAotTests {

	@Test
	void aotProcessingLeavesTheDeclaredBeansToTheRegistrarAndKeepsTheManagedSockets() throws IOException {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("reconnecting-socket.sockets.ledger.tcp.host", "127.0.0.1")
			.withProperty("reconnecting-socket.sockets.ledger.tcp.port", "9000")
			.withProperty("reconnecting-socket.sockets.prices.websocket.uri", "ws://127.0.0.1:9001/stream");
		GenericApplicationContext context = new GenericApplicationContext();
		context.setEnvironment(environment);
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(Application.class);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(Application.class)), files);

		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		generation.writeGeneratedContent();

		String code = String.join("\n", sources(files));
		assertThat(code).contains("\"ledgerReconnectingSocket\"", "\"pricesReconnectingSocket\"",
				"\"reconnectingSocketDeclaredSocketRegistrar\"");
		assertThat(code).doesNotContain("\"ledgerClient\"", "\"pricesClient\"", "registerBeanDefinition(\"ledger\"",
				"registerBeanDefinition(\"prices\"");
	}

	private static List<String> sources(InMemoryGeneratedFiles files) throws IOException {
		List<String> sources = new ArrayList<>();
		for (InputStreamSource source : files.getGeneratedFiles(Kind.SOURCE).values()) {
			try (InputStream in = source.getInputStream()) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				in.transferTo(out);
				sources.add(out.toString(java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return sources;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, ReconnectingSocketAutoConfiguration.class,
			ReconnectingSocketClientsAutoConfiguration.class })
	static class Application {

	}

}
