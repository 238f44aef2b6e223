-- One database per service (a service never reads another service's database).
CREATE DATABASE concierge_channel_ingress;
CREATE DATABASE concierge_identity_graph;
CREATE DATABASE concierge_dialogue_agent;
CREATE DATABASE concierge_prediction;
CREATE DATABASE concierge_commerce_checkout;
CREATE DATABASE concierge_insights;
