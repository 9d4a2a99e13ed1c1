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
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets survive AOT processing: the beans that the starter's registrars make with
 * instance suppliers, which AOT cannot write as code (the managed sockets, and the
 * factory and client beans of sockets declared in configuration), are left out of it, and
 * the registrars, which register them again at run time, are kept, as are the
 * application's own factories. The sample's {@code SampleAotIT} starts such an
 * application.
 */
class ReconnectingSocketAotTests {

	@Test
	void aotProcessingLeavesTheSuppliedBeansToTheRegistrarsAndKeepsTheApplicationsFactories() throws IOException {
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
		assertThat(code).contains("\"reconnectingSocketDeclaredSocketRegistrar\"",
				"\"reconnectingSocketBeanDefinitionRegistrar\"", "registerBeanDefinition(\"echo\"");
		assertThat(code).doesNotContain("\"ledgerClient\"", "\"pricesClient\"", "registerBeanDefinition(\"ledger\"",
				"registerBeanDefinition(\"prices\"", "\"ledgerReconnectingSocket\"", "\"pricesReconnectingSocket\"",
				"\"echoReconnectingSocket\"");
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
	@Import(FactoriesConfiguration.Echo.class)
	static class Application {

	}

}
