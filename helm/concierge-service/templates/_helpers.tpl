{{/* The six services: gRPC address variable, proto health name, database key. */}}
{{- define "concierge-service.catalog" -}}
channel-ingress: {addrVar: INGRESS_GRPC_ADDR, health: concierge.ingress.v1.IngressService}
identity-graph: {addrVar: IDENTITY_GRPC_ADDR, health: concierge.identity.v1.IdentityService}
dialogue-agent: {addrVar: DIALOGUE_GRPC_ADDR, health: concierge.dialogue.v1.DialogueService}
prediction: {addrVar: PREDICTION_GRPC_ADDR, health: concierge.prediction.v1.PredictionService}
commerce-checkout: {addrVar: CHECKOUT_GRPC_ADDR, health: concierge.checkout.v1.CheckoutService}
insights: {addrVar: INSIGHTS_GRPC_ADDR, health: concierge.insights.v1.InsightsService}
{{- end -}}

{{- define "concierge-service.svc" -}}
{{- $catalog := include "concierge-service.catalog" . | fromYaml -}}
{{- if not (hasKey $catalog .Values.service) -}}
{{- fail (printf "concierge-service: `service` must be one of %s (got %q)" (keys $catalog | sortAlpha | join ", ") .Values.service) -}}
{{- end -}}
{{- get $catalog .Values.service | toYaml -}}
{{- end -}}

{{- define "concierge-service.name" -}}
{{- if not .Values.service -}}
{{- fail "concierge-service: `service` is required: channel-ingress, identity-graph, dialogue-agent, prediction, commerce-checkout or insights (the concierge umbrella chart sets it for each alias)" -}}
{{- end -}}
{{- default .Values.service .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<service>, the address other services use: same formula in every alias. */}}
{{- define "concierge-service.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "concierge-service.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "concierge-service.peer" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "concierge-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "concierge-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "concierge-service.labels" -}}
{{ include "concierge-service.selectorLabels" . }}
app.kubernetes.io/part-of: concierge
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "concierge-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "concierge-service.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "concierge-service.image" -}}
{{- $g := .Values.global.concierge.image -}}
{{- $repo := default (printf "%s/%s" (trimSuffix "/" $g.registry) .Values.service) .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.Values.image.tag | default $g.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "concierge-service.postgresSecret" -}}
{{- $pg := .Values.global.concierge.postgres -}}
{{- if $pg.inCluster -}}{{ printf "%s-postgres" .Release.Name }}
{{- else -}}{{ required "global.concierge.postgres.existingSecret is required: the name of a Secret with one DSN per service (keys like IDENTITY_GRAPH_DATABASE_URL), or set global.concierge.postgres.inCluster=true (umbrella chart) for a trial database" $pg.existingSecret }}
{{- end -}}
{{- end -}}

{{- define "concierge-service.kafkaSecret" -}}
{{- $k := .Values.global.concierge.kafka -}}
{{- if $k.inCluster -}}{{ printf "%s-kafka" .Release.Name }}
{{- else -}}{{ required "global.concierge.kafka.existingSecret is required: the name of a Secret whose KAFKA_BROKERS key lists the bootstrap servers, or set global.concierge.kafka.inCluster=true (umbrella chart) for a trial broker" $k.existingSecret }}
{{- end -}}
{{- end -}}

{{- define "concierge-service.internalKeySecret" -}}
{{- $k := .Values.global.concierge.internalApiKey -}}
{{- if $k.existingSecret -}}{{ $k.existingSecret }}
{{- else if or .Values.global.concierge.postgres.inCluster .Values.global.concierge.kafka.inCluster -}}{{ printf "%s-internal-api-key" .Release.Name }}
{{- else -}}{{ required "global.concierge.internalApiKey.existingSecret is required: a Secret with INTERNAL_API_KEY, the shared secret of the services' calls to each other" "" }}
{{- end -}}
{{- end -}}

{{- define "concierge-service.databaseKey" -}}
{{- default (printf "%s_DATABASE_URL" (.Values.service | upper | replace "-" "_")) .Values.database.secretKey -}}
{{- end -}}

{{/* Environment shared by the server and the migrations Job. */}}
{{- define "concierge-service.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "concierge-service.postgresSecret" . }}
      key: {{ include "concierge-service.databaseKey" . }}
- name: PGSSLMODE
  value: {{ .Values.global.concierge.postgres.sslMode | quote }}
{{- if .Values.global.concierge.postgres.caSecret }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/concierge/postgres-ca/{{ .Values.global.concierge.postgres.caKey }}
{{- end }}
{{- end -}}

{{- define "concierge-service.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- with .Values.global.concierge.postgres.caSecret }}
- name: postgres-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.global.concierge.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.global.concierge.kafka.tls.clientCertSecret }}
- name: kafka-client-cert
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{- define "concierge-service.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.global.concierge.postgres.caSecret }}
- name: postgres-ca
  mountPath: /etc/concierge/postgres-ca
  readOnly: true
{{- end }}
{{- if .Values.global.concierge.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/concierge/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.global.concierge.kafka.tls.clientCertSecret }}
- name: kafka-client-cert
  mountPath: /etc/concierge/kafka-client
  readOnly: true
{{- end }}
{{- end -}}
