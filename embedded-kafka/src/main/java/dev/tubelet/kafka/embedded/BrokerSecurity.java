package dev.tubelet.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS and SASL/SCRAM for the local broker ({@code tubelet kafka --security sasl-ssl}), kept in
 * {@code DATA_DIR/security}: a CA made for this data directory ({@code ca.pem}), the broker's key and
 * certificate for localhost and 127.0.0.1 signed by it ({@code broker.p12}), the passwords
 * ({@code secrets.properties}: the keystore's, the broker's own SCRAM user's and the client user's),
 * and the files clients use: {@code client.properties} (Java clients, {@code --kafka-config}) and
 * {@code librdkafka.properties} (confluent-kafka, kcat). Made once and reused when the broker starts
 * again on the same directory; every file with a secret is readable by its owner only.
 *
 * <p>The client listener is SASL_SSL: SCRAM-SHA-512 (what Java clients use) and PLAIN for the same
 * user, inside TLS, for librdkafka clients before 2.6.1, whose SCRAM Kafka 4 refuses (they repeat
 * the client nonce in the client-final message, librdkafka#4895; Kafka 4 checks it strictly). The
 * controller listener (loopback) is TLS with client certificates required, so only the broker
 * itself, holding a certificate of this CA, gets in. No listener speaks PLAINTEXT.
 */
public final class BrokerSecurity {
    static final String USER = "tubelet";
    static final String MECHANISM = "SCRAM-SHA-512";
    /** For librdkafka before 2.6.1, inside TLS only. */
    static final String PLAIN = "PLAIN";

    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String BROKER_USER = "broker";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final Properties secrets;

    private BrokerSecurity(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /**
     * Security material for a broker that others run (docker compose's Kafka): made in {@code dir}
     * once, reused after.
     *
     * @param dir where the material goes
     * @param hosts the names and addresses the broker's certificate is valid for
     * @return the material
     */
    public static BrokerSecurity at(Path dir, List<String> hosts) throws Exception {
        return load(dir, hosts);
    }

    /**
     * @param dataDir the broker's data directory
     * @return the security material in {@code dataDir/security}, made now if it is not there
     */
    static BrokerSecurity in(Path dataDir) throws Exception {
        return load(dataDir.resolve("security"), List.of("localhost", "127.0.0.1"));
    }

    private static BrokerSecurity load(Path dir, List<String> hosts) throws Exception {
        Path secretsFile = dir.resolve("secrets.properties");
        if (Files.isRegularFile(secretsFile)) {
            Properties secrets = new Properties();
            try (var in = Files.newInputStream(secretsFile)) {
                secrets.load(in);
            }
            return new BrokerSecurity(dir, secrets);
        }
        Files.createDirectories(dir);
        setOwnerOnly(dir, true);
        Properties secrets = new Properties();
        secrets.setProperty("keystore.password", password());
        secrets.setProperty("broker.password", password());
        secrets.setProperty("user.password", password());
        BrokerSecurity security = new BrokerSecurity(dir, secrets);
        security.makeCertificates(hosts);
        writeOwnerOnly(secretsFile, secrets, "secrets of the local broker: keystore and SCRAM passwords");
        return security;
    }

    /** @return whether this data directory was set up with security */
    static boolean isSecured(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("security").resolve("secrets.properties"));
    }

    private void makeCertificates(List<String> hosts) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair brokerKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofHours(1)));
        Date until = Date.from(now.plus(VALIDITY));
        SecureRandom random = new SecureRandom();

        X500Name caName = new X500Name("CN=Tubelet local Kafka CA " + Long.toHexString(random.nextLong()));
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(
                caName, new BigInteger(64, random), from, until, caName, caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCert = sign(ca, caKeys);

        X509v3CertificateBuilder broker = new JcaX509v3CertificateBuilder(
                caCert,
                new BigInteger(64, random),
                from,
                until,
                new X500Name("CN=" + hosts.get(0)),
                brokerKeys.getPublic());
        broker.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        broker.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        // server for clients; client for the controller listener, which asks for a certificate
        broker.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
        }));
        broker.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(hosts.stream()
                        .map(h -> new GeneralName(
                                h.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, h))
                        .toArray(GeneralName[]::new)));
        X509Certificate brokerCert = sign(broker, caKeys);

        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(caCert);
        }
        Files.writeString(caPem(), pem.toString());

        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        char[] password = secrets.getProperty("keystore.password").toCharArray();
        keystore.setKeyEntry("broker", brokerKeys.getPrivate(), password, new Certificate[] {brokerCert, caCert});
        Path keystoreFile = dir.resolve("broker.p12");
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, password);
        }
        setOwnerOnly(keystoreFile, false);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    /** @return the CA certificate clients trust */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** @return the directory of the material */
    public Path dir() {
        return dir;
    }

    /** @return the storage tool's arguments that create the SCRAM users when the directory is formatted */
    public String[] scramUsers() {
        return new String[] {
            "--add-scram",
            MECHANISM + "=[name=" + BROKER_USER + ",password=" + secrets.getProperty("broker.password") + "]",
            "--add-scram",
            MECHANISM + "=[name=" + USER + ",password=" + secrets.getProperty("user.password") + "]"
        };
    }

    /**
     * @param props the broker's configuration, to which listeners and TLS/SASL settings are added
     * @param port the client port
     * @param controllerPort the controller port
     */
    void configureBroker(Properties props, int port, int controllerPort) {
        props.put("listeners", "SASL_SSL://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "SASL_SSL://localhost:" + port);
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        props.put("inter.broker.listener.name", "SASL_SSL");
        props.put("sasl.enabled.mechanisms", MECHANISM + "," + PLAIN);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.plain.sasl.jaas.config", plainUsers() + ";");
        props.put(
                "listener.name.sasl_ssl." + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaas(BROKER_USER, secrets.getProperty("broker.password")));
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", dir.resolve("broker.p12").toString());
        props.put("ssl.keystore.password", secrets.getProperty("keystore.password"));
        props.put("ssl.key.password", secrets.getProperty("keystore.password"));
        props.put("ssl.truststore.type", "PEM");
        props.put("ssl.truststore.location", caPem().toString());
        props.put("listener.name.controller.ssl.client.auth", "required");
    }

    /** @return the settings a Java client needs (without bootstrap.servers) */
    Map<String, String> clientSettings() {
        return clientSettings(caPem().toString());
    }

    /**
     * @param caLocation where the client finds {@code ca.pem}
     * @return the settings a Java client needs (without bootstrap.servers)
     */
    public Map<String, String> clientSettings(String caLocation) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("security.protocol", "SASL_SSL");
        m.put("sasl.mechanism", MECHANISM);
        m.put("sasl.jaas.config", jaas(USER, secrets.getProperty("user.password")));
        m.put("ssl.truststore.type", "PEM");
        m.put("ssl.truststore.location", caLocation);
        return m;
    }

    /** @return the keystore's password (for a broker image that reads it from a file) */
    public String keystorePassword() {
        return secrets.getProperty("keystore.password");
    }

    /** @return a JAAS file's {@code KafkaServer} section: the broker's own SCRAM login, for inter-broker traffic */
    public String brokerJaasFile() {
        return "KafkaServer {\n  " + SCRAM_LOGIN + " required username=\"" + BROKER_USER + "\" password=\""
                + secrets.getProperty("broker.password") + "\";\n  " + plainUsers() + ";\n};\n";
    }

    /** The PLAIN mechanism's server side: the client user, with the same password as its SCRAM one. */
    private String plainUsers() {
        return PLAIN_LOGIN + " required user_" + USER + "=\"" + secrets.getProperty("user.password") + "\"";
    }

    /**
     * Writes (again) the client files for a broker at {@code bootstrap}.
     *
     * @param bootstrap the broker's bootstrap servers
     */
    void writeClientFiles(String bootstrap) throws IOException {
        writeClientFiles(bootstrap, caPem().toString(), "");
    }

    /**
     * Writes (again) the client files {@code PREFIXclient.properties} and {@code PREFIXlibrdkafka.properties}.
     *
     * @param bootstrap the broker's bootstrap servers as these clients reach it
     * @param caLocation where these clients find ca.pem
     * @param prefix file name prefix ("" or "host-")
     */
    public void writeClientFiles(String bootstrap, String caLocation, String prefix) throws IOException {
        Properties java = new Properties();
        java.setProperty("bootstrap.servers", bootstrap);
        clientSettings(caLocation).forEach(java::setProperty);
        writeOwnerOnly(
                dir.resolve(prefix + "client.properties"), java, "Java Kafka clients: tubelet --kafka-config FILE");
        Properties rd = new Properties();
        rd.setProperty("bootstrap.servers", bootstrap);
        rd.setProperty("security.protocol", "SASL_SSL");
        // PLAIN inside TLS: librdkafka before 2.6.1 cannot do SCRAM with Kafka 4 (see the class comment);
        // with 2.6.1 or later, sasl.mechanisms=SCRAM-SHA-512 works as well
        rd.setProperty("sasl.mechanisms", PLAIN);
        rd.setProperty("sasl.username", USER);
        rd.setProperty("sasl.password", secrets.getProperty("user.password"));
        rd.setProperty("ssl.ca.location", caLocation);
        // librdkafka reads key=value lines; Properties.store would escape the colons of paths
        StringBuilder text =
                new StringBuilder("# librdkafka clients (confluent-kafka, kcat -F). PLAIN inside TLS works with"
                        + " every librdkafka; from 2.6.1 on, sasl.mechanisms=SCRAM-SHA-512 works too\n");
        for (String key : rd.stringPropertyNames().stream().sorted().toList()) {
            text.append(key).append('=').append(rd.getProperty(key)).append('\n');
        }
        Path file = dir.resolve(prefix + "librdkafka.properties");
        Files.writeString(file, text);
        setOwnerOnly(file, false);
    }

    private static String jaas(String user, String password) {
        return SCRAM_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String password() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /**
     * Makes the material readable by every user of the machine or container it is mounted into: for a
     * volume that only the stack's own containers mount, whose processes run as other users.
     */
    public void shareWithOtherUsers() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("secrets.properties")) {
                    setPermissions(f, "rw-r--r--");
                }
            }
        }
        setPermissions(dir, "rwxr-xr-x");
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }

    /** Writes properties into a file that only its owner may read, made so before anything is in it. */
    static void writeOwnerOnly(Path file, Properties props, String comment) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        setOwnerOnly(file, false);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, comment);
        }
    }

    private static void setOwnerOnly(Path path, boolean directory) throws IOException {
        setPermissions(path, directory ? "rwx------" : "rw-------");
    }
}
