Feature: The kubelet of the installed OS learns its provider id and topology
  configure-kubelet writes ONE drop-in, /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf,
  setting KUBELET_EXTRA_ARGS with --provider-id and --node-labels (only the flags whose values are
  set). v0.0.1 wrote two files setting the same variable, so the labels file shadowed the provider
  id. Values that would break the quoting, or labels kubelet would refuse, fail the step.

  Scenario Outline: The drop-in holds the flags that are set
    Given the deploy vars also set PROVIDER_ID="<provider_id>"
    And the deploy vars also set FAILURE_DOMAIN="<zone>"
    And the deploy vars also set REGION="<region>"
    When the step configure-kubelet runs
    Then the step succeeds
    And the file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root is:
      """
      KUBELET_EXTRA_ARGS="<args>"
      """
    And the file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root has mode 0644

    Examples:
      | provider_id          | zone    | region     | args                                                                                              |
      | redfish://host/sys/1 |         |            | --provider-id=redfish://host/sys/1                                                                |
      |                      | dc1-az1 | eu-central | --node-labels=topology.kubernetes.io/zone=dc1-az1,topology.kubernetes.io/region=eu-central        |
      | redfish://host/sys/1 | dc1-az1 |            | --provider-id=redfish://host/sys/1 --node-labels=topology.kubernetes.io/zone=dc1-az1              |
      |                      |         | eu-central | --node-labels=topology.kubernetes.io/region=eu-central                                            |

  Scenario: With nothing set no drop-in is written
    When the step configure-kubelet runs
    Then the step succeeds
    And the step detail is "PROVIDER_ID, FAILURE_DOMAIN and REGION are empty: no kubelet drop-in"
    And there is no file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root

  Scenario: The two shadowing files of v0.0.1 are not written
    Given the deploy vars also set PROVIDER_ID="redfish://host/sys/1"
    And the deploy vars also set REGION="eu-central"
    When the step configure-kubelet runs
    Then there is no file /etc/kubernetes/kubelet.conf.d/10-caprf-provider-id.conf in the target root
    And there is no file /etc/kubernetes/kubelet.conf.d/20-caprf-node-labels.conf in the target root

  Scenario Outline: A value that cannot be written safely fails the step and writes nothing
    Given the deploy vars also set <key>="<value>"
    When the step configure-kubelet runs
    Then the step fails with "<error>"
    And there is no file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root

    Examples:
      | key            | value             | error                                                                       |
      | PROVIDER_ID    | redfish://h/1 x   | PROVIDER_ID 'redfish://h/1 x' cannot go into the kubelet drop-in: it contains whitespace |
      | PROVIDER_ID    | redfish://$HOST/1 | PROVIDER_ID 'redfish://$HOST/1' cannot go into the kubelet drop-in: it contains '$'       |
      | FAILURE_DOMAIN | dc1,dc2           | FAILURE_DOMAIN 'dc1,dc2' is not a valid Kubernetes label value              |
      | REGION         | eu central        | REGION 'eu central' is not a valid Kubernetes label value                   |
