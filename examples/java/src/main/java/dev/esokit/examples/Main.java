package dev.esokit.examples;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.YamlOutputType;

/**
 * Synthesizes the Java example apps into {@code <outdir>/<example>/}, as examples/main.ts does.
 *
 * <pre>mvn -q compile exec:java -Dexec.args=OUTDIR</pre> (default: ./out)
 */
public final class Main {
    static final Map<String, Consumer<App>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("aws-secrets-manager", AwsSecretsManager::awsSecretsManagerApp);
    }

    private Main() {
    }

    public static List<Path> synthExamples(final Path outdir) {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Consumer<App>> example : EXAMPLES.entrySet()) {
            Path dir = outdir.resolve(example.getKey());
            App app = new App(AppProps.builder()
                .outdir(dir.toString())
                .yamlOutputType(YamlOutputType.FILE_PER_CHART)
                .build());
            example.getValue().accept(app);
            app.synth();
            written.add(dir);
        }
        return written;
    }

    public static void main(final String[] args) {
        Path outdir = Paths.get(args.length > 0 ? args[0] : "out").toAbsolutePath();
        for (Path dir : synthExamples(outdir)) {
            System.out.println("synthesized " + dir);
        }
    }
}
