import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A data team's consumer in plain Java (kafka-clients, no Node): reads a topic from the beginning
 * and prints each record as "key<TAB>ce_type<TAB>tenant_id<TAB>value" until it has read N records.
 * Usage: java -cp 'kafka/lib/*' FactTopicReader.java <bootstrap> <topic> <count> [timeoutSeconds]
 */
public class FactTopicReader {
  public static void main(String[] args) {
    String bootstrap = args[0], topic = args[1];
    int wanted = Integer.parseInt(args[2]);
    long deadline = System.currentTimeMillis() + 1000L * (args.length > 3 ? Integer.parseInt(args[3]) : 60);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "java-reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int read = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      while (read < wanted && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(r.key() + "\t" + header(r, "ce_type") + "\t" + header(r, "tenant_id") + "\t" + r.value());
          read++;
        }
      }
    }
    System.err.println("read " + read + " record(s) from " + topic);
    System.exit(read >= wanted ? 0 : 2);
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
