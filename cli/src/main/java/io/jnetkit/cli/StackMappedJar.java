package io.jnetkit.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Rewrites a jar's Java 5 class files (major version 49) as Java 8 ones (52) with stack maps
 * computed, same code otherwise. The build runs it on {@code cli/target/lib/picocli.jar}: picocli
 * is compiled for Java 5, the JVM verifies such classes with the old type-inferring verifier, and
 * the JDK's ahead-of-time cache refuses every class that verifier linked ("Skipping
 * picocli/CommandLine$Help: Old class has been linked" under {@code -Xlog:aot}), and with it
 * every class implementing a picocli interface (Main$Version, the command classes' converters).
 * With stack maps they are verified when the cache is made and start linked from it: `link show`
 * loads ~230 fewer classes from jars.
 *
 * <p>{@code StackMappedJar JAR}: rewrites JAR in place (a jar it already rewrote is left as it is).
 */
public final class StackMappedJar {
    private StackMappedJar() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StackMappedJar JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            manifest = in.getManifest();
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        // The classes picocli's code names are in the jar itself (or the JDK): stack maps need
        // their supertypes to merge types at branch targets.
        Map<ClassDesc, byte[]> own = new HashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String n = e.getKey();
            if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                own.put(ClassDesc.ofInternalName(n.substring(0, n.length() - 6)), e.getValue());
            }
        }
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(d -> {
                    byte[] b = own.get(d);
                    return b == null ? null : (InputStream) new ByteArrayInputStream(b);
                }));
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(resolver));
        int rewritten = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().endsWith(".class") || e.getKey().startsWith("META-INF/")) continue;
            ClassModel cm = cf.parse(e.getValue());
            if (cm.majorVersion() >= ClassFile.JAVA_8_VERSION) continue;
            // Rebuilding every method body makes the library compute its stack maps.
            ClassTransform t = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen((b, el) -> b.with(el instanceof ClassFileVersion
                            ? ClassFileVersion.of(ClassFile.JAVA_8_VERSION, 0) : el));
            e.setValue(cf.transformClass(cm, t));
            rewritten++;
        }
        if (rewritten == 0) return;
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             JarOutputStream out = manifest == null ? new JarOutputStream(os) : new JarOutputStream(os, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("jnetkit: " + rewritten + " class files of " + jar.getFileName() + " given stack maps");
    }
}
